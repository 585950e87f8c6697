namespace Naswot.Scoring;

/// <summary>Bit matrices packed 64 to a word, bit k of a word being column k (as <see cref="CodePacker"/> packs codes).</summary>
public static class BitMatrix
{
    /// <summary>
    /// Transposes the 64×64 bit matrix <paramref name="rows"/> in place: afterwards bit i of row j is what bit j of row i
    /// was. Six rounds swap ever smaller off-diagonal blocks (32×32, then 16×16, … 1×1) with masks (Hacker's Delight, §7–3).
    /// </summary>
    public static void Transpose64(Span<ulong> rows)
    {
        if (rows.Length < 64) throw new ArgumentException("a 64×64 matrix needs 64 rows", nameof(rows));
        ulong mask = 0x0000_0000_FFFF_FFFFUL;
        for (int j = 32; j != 0; j >>= 1, mask ^= mask << j)
        {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j)
            {
                ulong t = ((rows[k] >> j) ^ rows[k | j]) & mask;
                rows[k | j] ^= t;
                rows[k] ^= t << j;
            }
        }
    }
}
