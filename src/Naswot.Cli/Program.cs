using Naswot.Cli;
using Naswot.Cli.Errors;

// Ctrl-C and SIGTERM stop the run cleanly; one that takes longer than this to stop is ended anyway.
using var interruption = Interruption.FromSignals(Console.Error, grace: TimeSpan.FromSeconds(10));
return NaswotCli.Run(args, interruption: interruption);
