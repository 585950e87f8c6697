namespace Naswot.Tests.Common;

public class SeededRandomTests
{
    [Fact]
    public void Matches_an_independent_xoshiro256starstar_with_splitmix_seeding()
    {
        // From a plain Python transcription of Vigna's xoshiro256** and splitmix64 (seed 1234567).
        var random = new SeededRandom(1234567);
        Assert.Equal([3504822795582309479UL, 1819558768956484042UL, 1250851346055027673UL],
            new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextInt_stays_below_its_bound(int bound)
    {
        var random = new SeededRandom(9);
        for (int i = 0; i < 1000; i++) Assert.InRange(random.NextInt(bound), 0, bound - 1);
    }

    [Fact]
    public void Streams_are_reproducible_and_distinct()
    {
        Assert.Equal(SeededRandom.For(5, 1).NextUInt64(), SeededRandom.For(5, 1).NextUInt64());
        Assert.NotEqual(SeededRandom.For(5, 1).NextUInt64(), SeededRandom.For(5, 2).NextUInt64());
        Assert.NotEqual(SeededRandom.For(5, 1).NextUInt64(), SeededRandom.For(6, 1).NextUInt64());
    }
}
