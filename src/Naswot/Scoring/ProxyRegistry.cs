using Naswot.Scoring.Proxies;

namespace Naswot.Scoring;

/// <summary>The one registry of proxies: a new proxy is its file under <c>Scoring/Proxies/</c> and one line here.</summary>
public static class ProxyRegistry
{
    private static readonly ProxyDefinition[] Known =
    [
        NaswotProxy.Definition,
        CountProxy.ParametersDefinition,
        CountProxy.FlopsDefinition,
        CountProxy.LayersDefinition,
        SwapProxy.Definition,
        RegionsProxy.Definition,
        MecoProxy.Definition,
        MecoProxy.OptDefinition,
        ZenProxy.Definition,
        AzNasProxy.ExpressivityDefinition,
        AzNasProxy.ProgressivityDefinition,
    ];

    /// <summary>Every registered proxy.</summary>
    public static IReadOnlyList<ProxyDefinition> All => Known;

    /// <summary>The proxy of that name, ignoring case.</summary>
    /// <exception cref="UnknownNameException">No proxy has that name; the message lists the valid ones.</exception>
    public static ProxyDefinition Get(string name) => UnknownNameException.Find(Known, p => p.Name, name, "proxy");
}
