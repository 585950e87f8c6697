using System.CommandLine;
using Naswot.Scoring;

namespace Naswot.Cli.Commands;

/// <summary>
/// One option per setting that a registered space or proxy declares (<c>--stem-channels</c>, <c>--relu-count</c>, …),
/// so a new space or proxy needs no CLI code; a value the chosen space and proxy do not take is a one-line error.
/// </summary>
internal sealed class SettingOptions
{
    // Each declared setting's option, and who declares it ("setting of space nb101").
    private readonly Dictionary<string, (Option<string?> Option, string Owners)> _options = [];

    /// <param name="withProxies">Offer the proxies' settings too (commands that score).</param>
    public SettingOptions(bool withProxies)
    {
        var declared = SearchSpaces.All.SelectMany(s => s.Settings.Select(d => (Spec: d, Kind: "space", Owner: s.Name)));
        if (withProxies) declared = declared.Concat(ProxyRegistry.All.SelectMany(p => p.Settings.Select(d => (Spec: d, Kind: "proxy", Owner: p.Name))));
        foreach (var group in declared.GroupBy(x => x.Spec.Name))
        {
            var spec = group.First().Spec;
            // "setting of space nb101", "setting of spaces nds-darts, nds-enas"
            string owners = "setting of " + string.Join(" and of ", group.GroupBy(x => x.Kind).Select(kind =>
                $"{kind.Key}{(kind.Count() > 1 ? "s" : "")} {string.Join(", ", kind.Select(x => x.Owner))}"));
            _options[spec.Name] = (new Option<string?>("--" + spec.Name) { Description = $"{spec.Description} ({owners}; default {spec.Default})" }, owners);
        }
    }

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _options.Values) command.Options.Add(option);
    }

    /// <summary>The space's settings given on the command line (defaults for the rest).</summary>
    public SettingValues ForSpace(ParseResult p, RegisteredSpace space) => ForSpaceAndProxy(p, space, null).Space;

    /// <summary>The settings given for the space and for the proxy; a setting neither takes is an error.</summary>
    public (SettingValues Space, IProxy? Proxy) ForSpaceAndProxy(ParseResult p, RegisteredSpace space, ProxyDefinition? proxy)
    {
        var (spaceSettings, proxies) = ForSpaceAndProxies(p, space, proxy is null ? [] : [proxy]);
        return (spaceSettings, proxies.FirstOrDefault());
    }

    /// <summary>The settings given for the space and for each of the proxies; a setting none of them takes is an error.</summary>
    public (SettingValues Space, IReadOnlyList<IProxy> Proxies) ForSpaceAndProxies(ParseResult p, RegisteredSpace space, IReadOnlyList<ProxyDefinition> proxies)
    {
        var proxySettings = new Dictionary<string, string>();
        var spaceSettings = new Dictionary<string, string>();
        foreach (var (name, (option, owners)) in _options)
        {
            if (p.GetValue(option) is not { } value) continue;
            bool forProxy = proxies.Any(proxy => proxy.Settings.Any(d => d.Name == name)), forSpace = space.Settings.Any(d => d.Name == name);
            if (!forProxy && !forSpace)
                throw new NaswotException($"--{name}: a {owners}, not of space {space.Name}{(proxies.Count == 0 ? "" : $" or proxy {string.Join(", ", proxies.Select(d => d.Name))}")}");
            if (forProxy) proxySettings[name] = value;
            if (forSpace) spaceSettings[name] = value;
        }
        return (WithFlagNames(() => SettingValues.Of(space.Settings, spaceSettings)),
            [.. proxies.Select(proxy => WithFlagNames(() => proxy.With(proxySettings.Where(s => proxy.Settings.Any(d => d.Name == s.Key)).ToDictionary())))]);
    }

    /// <summary>Library messages name a setting; on the command line it is an option.</summary>
    private static T WithFlagNames<T>(Func<T> make)
    {
        try
        {
            return make();
        }
        catch (NaswotException e) when (e is not ArchitectureException)
        {
            throw new NaswotException("--" + e.Message, e);
        }
    }
}
