using Bench.Dataset;

namespace Bench.Tests;

public sealed class DatasetSizeTests
{
    [Theory]
    [InlineData("10k", 10_000)]
    [InlineData("10K", 10_000)]
    [InlineData("1M", 1_000_000)]
    [InlineData("1.5M", 1_500_000)]
    [InlineData("12M", 12_000_000)]
    [InlineData("50000", 50_000)]
    [InlineData("2_000", 2_000)]
    [InlineData(" 7 ", 7)]
    public void Parses_sizes_people_write(string text, long expected) => Assert.Equal(expected, DatasetSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("12x")]
    [InlineData("1.5k5")]
    [InlineData("0.5")]
    [InlineData("1.0001k")]
    [InlineData("abc")]
    [InlineData("2G")]
    public void Rejects_what_is_not_a_size(string text)
    {
        Assert.False(DatasetSize.TryParse(text, out _, out string error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(10_000, "10k")]
    [InlineData(1_500_000, "1.5M")]
    [InlineData(12_000_000, "12M")]
    [InlineData(12_345, "12345")]
    [InlineData(100_000, "100k")]
    public void Formats_back_to_the_short_form(long orders, string expected)
    {
        Assert.Equal(expected, DatasetSize.Format(orders));
        Assert.Equal(orders, DatasetSize.Parse(DatasetSize.Format(orders)));
    }
}
