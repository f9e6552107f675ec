using Bench.Hosting;
using Npgsql;

namespace Bench.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void The_suite_client_settings_apply_unless_the_user_chose_otherwise()
    {
        var applied = new NpgsqlConnectionStringBuilder(ConnectionStrings.WithBenchDefaults("Host=db;Username=u;Database=d"));
        Assert.Equal(64, applied.MaxAutoPrepare);        // prepared statements, as a production app would have
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.Equal(0, applied.CommandTimeout);         // index builds on 12M rows outlast 30 s
        Assert.Equal(150, applied.MaxPoolSize);

        var chosen = new NpgsqlConnectionStringBuilder(ConnectionStrings.WithBenchDefaults("Host=db;Max Auto Prepare=8;Command Timeout=600"));
        Assert.Equal(8, chosen.MaxAutoPrepare);
        Assert.Equal(600, chosen.CommandTimeout);

        var local = new NpgsqlConnectionStringBuilder(ConnectionStrings.ForBench(5432));
        Assert.Equal(64, local.MaxAutoPrepare);
        Assert.Equal(0, local.CommandTimeout);
    }
}
