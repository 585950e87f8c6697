using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

/// <summary>
/// Published genotypes as Python prints them: DARTS V1 and V2 (quark0/darts@8876e793763398e3ee62ac1823fa0a3c14e8c2c5:
/// cnn/genotypes.py, its <c>DARTS</c> is V1; V2 as pycls keeps it, BayesWatch/nas-without-training@b74255e1f3c5d9344b68534a5549c354da7b031b:
/// pycls/models/nas/genotypes.py), NASNet and AmoebaNet (both files), PNASNet (pycls) and ENAS
/// (ianwhale/nsga-net@e939cde67300d5179437ead3c7e8aac177a9b55b:models/micro_genotypes.py). Each lies in one NDS space.
/// </summary>
internal static class NdsGenotypes
{
    public const string DartsV1 =
        "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), " +
        "('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), " +
        "('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])";

    public const string DartsV2 =
        "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), " +
        "('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), " +
        "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

    public const string NasNet =
        "Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 0), " +
        "('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 1)], normal_concat=[2, 3, 4, 5, 6], reduce=[('sep_conv_5x5', 1), " +
        "('sep_conv_7x7', 0), ('max_pool_3x3', 1), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('skip_connect', 3), ('avg_pool_3x3', 2), " +
        "('sep_conv_3x3', 2), ('max_pool_3x3', 1)], reduce_concat=[4, 5, 6])";

    public const string AmoebaNet =
        "Genotype(normal=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0), ('avg_pool_3x3', 3), " +
        "('sep_conv_3x3', 1), ('skip_connect', 1), ('skip_connect', 0), ('avg_pool_3x3', 1)], normal_concat=[4, 5, 6], reduce=[('avg_pool_3x3', 0), " +
        "('sep_conv_3x3', 1), ('max_pool_3x3', 0), ('sep_conv_7x7', 2), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), " +
        "('conv_7x1_1x7', 0), ('sep_conv_3x3', 5)], reduce_concat=[3, 4, 6])";

    public const string PnasNet =
        "Genotype(normal=[('sep_conv_5x5', 0), ('max_pool_3x3', 0), ('sep_conv_7x7', 1), ('max_pool_3x3', 1), ('sep_conv_5x5', 1), ('sep_conv_3x3', 1), " +
        "('sep_conv_3x3', 4), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 1)], normal_concat=[2, 3, 4, 5, 6], reduce=[('sep_conv_5x5', 0), " +
        "('max_pool_3x3', 0), ('sep_conv_7x7', 1), ('max_pool_3x3', 1), ('sep_conv_5x5', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 4), ('max_pool_3x3', 1), " +
        "('sep_conv_3x3', 0), ('skip_connect', 1)], reduce_concat=[2, 3, 4, 5, 6])";

    public const string Enas =
        "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 1), ('sep_conv_5x5', 1), ('skip_connect', 0), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), " +
        "('sep_conv_3x3', 0), ('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('avg_pool_3x3', 0)], normal_concat=[2, 3, 4, 5, 6], reduce=[('sep_conv_5x5', 0), " +
        "('avg_pool_3x3', 1), ('sep_conv_3x3', 1), ('avg_pool_3x3', 1), ('avg_pool_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_5x5', 4), ('avg_pool_3x3', 1), " +
        "('sep_conv_3x3', 5), ('sep_conv_5x5', 0)], reduce_concat=[2, 3, 6])";

    /// <summary>Each genotype with the space it belongs to.</summary>
    public static IEnumerable<(NdsSpace Space, string Genotype)> All =>
    [
        (NdsSpace.Darts, DartsV1), (NdsSpace.Darts, DartsV2), (NdsSpace.NasNet, NasNet), (NdsSpace.Amoeba, AmoebaNet),
        (NdsSpace.Pnas, PnasNet), (NdsSpace.Enas, Enas),
    ];

    /// <summary>Trainable parameters of a cell op of C channels, written out from pycls's module definitions: the test's own count.</summary>
    public static long OpParameters(NdsOp op, long c, int stride) => op switch
    {
        NdsOp.None or NdsOp.AvgPool3x3 or NdsOp.MaxPool3x3 or NdsOp.MaxPool5x5 or NdsOp.MaxPool7x7 => 0,
        NdsOp.SkipConnect => stride == 1 ? 0 : 2 * (c / 2) * c + 2 * c, // two 1×1 convs to C/2, BN(C)
        NdsOp.Conv1x1 => c * c + 2 * c,
        NdsOp.Conv3x3 => 9 * c * c + 2 * c,
        NdsOp.Conv3x1By1x3 => 3 * c * c + 3 * c * c + 2 * c,
        NdsOp.Conv7x1By1x7 => 7 * c * c + 7 * c * c + 2 * c,
        NdsOp.SepConv3x3 => 2 * (9 * c + c * c + 2 * c),
        NdsOp.SepConv5x5 => 2 * (25 * c + c * c + 2 * c),
        NdsOp.SepConv7x7 => 2 * (49 * c + c * c + 2 * c),
        NdsOp.DilConv3x3 => 9 * c + c * c + 2 * c,
        NdsOp.DilConv5x5 => 25 * c + c * c + 2 * c,
        NdsOp.DilSepConv3x3 => 2 * (9 * c + c * c + 2 * c),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>
    /// Trainable parameters of DARTS's <c>NetworkCIFAR</c> for an architecture, written out independently of the
    /// builder: stem, per cell two 1×1 preprocessings (ReLUConvBN and FactorizedReduce both hold Cin·C + 2C) and its
    /// ops, then the classifier.
    /// </summary>
    public static long NetworkParameters(NdsArchitecture a, int classes)
    {
        long c = a.Width;
        long total = 3 * 9 * 3 * c + 2 * 3 * c;
        long olderChannels = 3 * c, previousChannels = 3 * c;
        for (int i = 0; i < a.Depth; i++)
        {
            bool reduction = i == a.Depth / 3 || i == 2 * a.Depth / 3;
            if (reduction) c *= 2;
            var cell = reduction ? a.Reduce : a.Normal;
            total += olderChannels * c + 2 * c + previousChannels * c + 2 * c;
            total += cell.Edges.Sum(e => OpParameters(e.Op, c, reduction && e.Input < 2 ? 2 : 1));
            (olderChannels, previousChannels) = (previousChannels, cell.Concat.Count * c);
        }
        return total + previousChannels * classes + classes;
    }
}
