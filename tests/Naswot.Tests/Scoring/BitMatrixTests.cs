using Naswot.Scoring;

namespace Naswot.Tests.Scoring;

public class BitMatrixTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Transpose64_moves_bit_j_of_row_i_to_bit_i_of_row_j(ulong seed)
    {
        var random = new SeededRandom(seed);
        ulong[] rows = [.. Enumerable.Range(0, 64).Select(_ => random.NextUInt64())];
        ulong[] transposed = [.. rows];
        BitMatrix.Transpose64(transposed);
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 64; j++)
                Assert.Equal((rows[i] >> j) & 1, (transposed[j] >> i) & 1);
    }
}
