using Bench.Hosting;

namespace Bench.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void Ports_handed_out_by_one_process_are_distinct()
    {
        var ports = Enumerable.Range(0, 200).AsParallel().Select(_ => FreePort.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
