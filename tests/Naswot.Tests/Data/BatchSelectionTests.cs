using Naswot.Data;

namespace Naswot.Tests.Data;

public class BatchSelectionTests
{
    [Fact]
    public void First_TakesLeadingIndices() => Assert.Equal([0, 1, 2, 3], BatchSelection.First(4).Pick(10));

    [Fact]
    public void Random_IsPinnedForASeed()
    {
        // Golden values from an independent Python xoshiro256** + Floyd sample: a change here changes every stored batch.
        Assert.Equal([83, 377, 678, 923, 991], BatchSelection.Random(5, 42).Pick(1000));
        Assert.Equal([17245, 22170, 23574, 25256, 37429, 40339, 48056, 48337], BatchSelection.Random(8, 2021).Pick(50000));
    }

    [Fact]
    public void Random_GivesDistinctSortedIndicesAndDependsOnTheSeed()
    {
        var picked = BatchSelection.Random(128, 7).Pick(1024);

        Assert.Equal(128, picked.Distinct().Count());
        Assert.Equal(picked.Order(), picked);
        Assert.All(picked, i => Assert.InRange(i, 0, 1023));
        Assert.Equal(picked, BatchSelection.Random(128, 7).Pick(1024));
        Assert.NotEqual(picked, BatchSelection.Random(128, 8).Pick(1024));
    }

    [Fact]
    public void Random_OfTheWholeFile_TakesEveryRecord() =>
        Assert.Equal(Enumerable.Range(0, 50), BatchSelection.Random(50, 3).Pick(50));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NonPositiveBatch_IsADataError(int count)
    {
        Assert.Throws<DataException>(() => BatchSelection.First(count));
        Assert.Throws<DataException>(() => BatchSelection.Random(count, 1));
    }

    [Fact]
    public void ToString_SaysHowTheBatchWasChosen()
    {
        Assert.Equal("first 128", BatchSelection.First(128).ToString());
        Assert.Equal("random 128 (seed 5)", BatchSelection.Random(128, 5).ToString());
    }
}
