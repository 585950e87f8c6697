namespace Naswot.Networks;

/// <summary>
/// A tensor whose elements are the input of one or more ReLUs: the graph emits its signs as a bool output.
/// </summary>
/// <param name="Output">Name of the graph output that holds (tensor &gt; 0).</param>
/// <param name="ElementsPerImage">C·H·W: the length of one image's binary code.</param>
/// <param name="Relus">How many ReLU modules read this tensor (each one counts in the paper's formula).</param>
/// <param name="Wrappers">
/// Of those, how many sit inside a module that the reference code hooks as well, because its class name contains
/// "ReLU" (NB201's ReLU-Conv-BN): each such input counts once more there. Zero in post-activation networks (NB101).
/// </param>
public sealed record Tap(string Output, int ElementsPerImage, int Relus, int Wrappers);
