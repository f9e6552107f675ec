using System.Globalization;
using Bench.Dataset;
using Bench.Stores.Postgres;
using Dapper;
using Npgsql;

namespace Bench.Tests;

/// <summary>
/// The loads' COPY encoder against the real server: every value written comes back as written, including
/// the numeric and timestamp edge cases the generated orders never reach, and a failed COPY stores nothing.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class BinaryCopyWriterTests(EnginesFixture engines)
{
    // A session's temporary table: nothing outside this connection is touched.
    private const string Table = "pg_temp.copy_probe";
    private const string Copy = $"COPY {Table} (n, t, i, ts, doc) FROM STDIN (FORMAT BINARY)";

    private static readonly decimal[] Numbers =
    [
        0m, 0.00m, 0.01m, 1m, 12.5m, 12.50m, 9999.9999m, 10000m, 10000.0001m, 123456789.123456789m, -5.25m, -0.0001m,
        decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 6000.00m, 49.99m,
    ];

    private static readonly string[] Texts = ["", "plain", "Zürich", "東京都 千代田区", "emoji 🛒", new string('x', 100_000)];

    private static readonly DateTime[] Instants =
    [
        DateTime.UnixEpoch, new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc),
        new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_234_560), new(2294, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    ];

    [Fact]
    public async Task Every_value_round_trips_through_a_binary_COPY()
    {
        var orders = OrderGenerator.GenerateChunk(new DatasetSpec(100, seed: 3), 0).Orders;
        // More rows than one 64 KB block, so the writer flushes mid-COPY as a bulk load does.
        var expected = Enumerable.Range(0, 3_000).Select(i => (
            N: Numbers[i % Numbers.Length], T: Texts[i % Texts.Length], I: i % 2 == 0 ? i : -i, Ts: Instants[i % Instants.Length],
            Order: orders[i % orders.Length])).ToList();

        await using var connection = await OpenWithProbeTableAsync();
        await BinaryCopyWriter.CopyAsync(connection, Copy, async rows =>
        {
            foreach (var row in expected)
            {
                rows.StartRow(5);
                rows.Numeric(row.N);
                rows.Text(row.T);
                rows.Int32(row.I);
                rows.TimestampTz(row.Ts);
                rows.Jsonb(row.Order, OrderDocuments.Write);
                await rows.FlushIfFullAsync(CancellationToken.None);
            }
        }, CancellationToken.None);

        var actual = (await connection.QueryAsync<(string N, string T, int I, DateTime Ts, string Doc)>(
            $"SELECT n::text, t, i, ts, doc::text FROM {Table} ORDER BY i")).ToList();
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (want, got) in expected.OrderBy(r => r.I).Zip(actual))
        {
            Assert.Equal(want.N.ToString(CultureInfo.InvariantCulture), got.N); // value and scale: 12.50 stays 12.50
            Assert.Equal(want.T, got.T);
            Assert.Equal(want.Ts, got.Ts.ToUniversalTime());
            Assert.Equal(want.Order, OrderDocuments.FromJson(got.Doc));
        }
    }

    [Fact]
    public async Task A_failure_while_encoding_cancels_the_COPY_and_stores_nothing()
    {
        await using var connection = await OpenWithProbeTableAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BinaryCopyWriter.CopyAsync(connection, Copy, async rows =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                rows.StartRow(5);
                rows.Numeric(i);
                rows.Text("row");
                rows.Int32(i);
                // Row 1,500 (past the first flushed block) has a local time, which timestamptz must refuse.
                rows.TimestampTz(i == 1_500 ? DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Local) : DateTime.UnixEpoch);
                rows.Jsonb(i, (json, value) => json.WriteNumberValue(value));
                await rows.FlushIfFullAsync(CancellationToken.None);
            }
        }, CancellationToken.None));
        Assert.Contains("UTC", error.Message);

        // The connection is usable again and the COPY left no rows behind.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Table}"));
    }

    [Fact]
    public async Task A_COPY_cancelled_while_the_server_stalls_reports_a_cancellation()
    {
        // Npgsql reports a socket write the token interrupts as NpgsqlException("Exception while writing to stream");
        // the load's callers tell an interruption (Ctrl+C, resume later) from a failure by OperationCanceledException.
        // To interrupt a write for certain, the server stops reading: each row's CHECK waits for an advisory lock that
        // another session holds, so the client's writes fill the socket buffers and wait.
        long lockKey = Random.Shared.NextInt64(1, long.MaxValue);
        string connectionString = engines.Endpoints.RequirePostgres().ConnectionString;
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_lock(@lockKey)", new { lockKey });

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"CREATE TEMP TABLE copy_stalled (t text CHECK (pg_advisory_xact_lock_shared({lockKey})::text = ''))");
        using var cancel = new CancellationTokenSource();
        string text = new('x', 10_000);
        var copy = BinaryCopyWriter.CopyAsync(connection, "COPY pg_temp.copy_stalled (t) FROM STDIN (FORMAT BINARY)", async rows =>
        {
            for (int i = 0; i < 100_000; i++) // 1 GB, far beyond what the socket buffers hold
            {
                rows.StartRow(1);
                rows.Text(text);
                await rows.FlushIfFullAsync(cancel.Token);
            }
        }, cancel.Token);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(copy.IsCompleted, "the COPY should be waiting on the server");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
    }

    private async Task<NpgsqlConnection> OpenWithProbeTableAsync()
    {
        var connection = new NpgsqlConnection(engines.Endpoints.RequirePostgres().ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"CREATE TEMP TABLE {Table[8..]} (n numeric, t text, i int, ts timestamptz, doc jsonb)");
        return connection;
    }
}
