using Naswot.Cli;

return NaswotCli.Run(args);
