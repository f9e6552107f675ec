namespace Bench.Tests;

/// <summary>How the reports write figures.</summary>
public sealed class FormatTests
{
    [Theory]
    [InlineData(12.46, "12.5 s")]
    [InlineData(59.94, "59.9 s")]
    [InlineData(59.96, "1 min 00 s")]
    [InlineData(125.2, "2 min 05 s")]
    [InlineData(179.96, "3 min 00 s")] // was "2 min 60 s" in a report
    [InlineData(1823.4, "30 min 23 s")]
    public void Durations_round_before_they_split_into_minutes_and_seconds(double seconds, string expected) =>
        Assert.Equal(expected, Format.Seconds(seconds));
}
