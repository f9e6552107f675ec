using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Bench.Stores.Postgres;

/// <summary>
/// The phase after a bulk load: make the loaded table (and its progress table) logged, build its keys and
/// indexes, then VACUUM (ANALYZE). Idempotent, so an interrupted phase resumes; each step is timed for the
/// report.
/// </summary>
/// <param name="schema">Safe to splice (checked by the store).</param>
public sealed class PgPostLoad(string schema, string dataTable, PgLoadProgress progress, IReadOnlyList<PgIndex> indexes)
{
    public async Task<IReadOnlyList<LoadStep>> RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var steps = new List<LoadStep>();
        async Task StepAsync(string name, Func<Task> step)
        {
            var clock = Stopwatch.StartNew();
            await step().ConfigureAwait(false);
            steps.Add(new LoadStep(name, clock.Elapsed.TotalSeconds));
        }

        bool unlogged = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT relpersistence = 'u' FROM pg_class WHERE oid = to_regclass(@table)", new { table = $"{schema}.{dataTable}" },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (unlogged)
        {
            // Durable from here on, as a production table is, before any index exists (an index built on an
            // unlogged table would be rewritten again). Both tables at once, for the crash reasoning in
            // PostgresStore.ResetAsync.
            await StepAsync("SET LOGGED", async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (string table in new[] { $"{schema}.{dataTable}", progress.QualifiedName })
                    await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {table} SET LOGGED", transaction: transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        foreach (var index in indexes)
        {
            if (index.Primary && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = @schema AND c.conname = @name)",
                    new { schema, name = index.Name }, cancellationToken: cancellationToken)).ConfigureAwait(false))
                continue; // resumed after the key was built
            await StepAsync(index.Name, () => connection.ExecuteAsync(new CommandDefinition(index.Ddl(schema), cancellationToken: cancellationToken)))
                .ConfigureAwait(false);
        }
        // VACUUM sets the visibility map (index-only scans then skip the heap, as on a table autovacuum
        // has visited) and ANALYZE gives the planner statistics: a freshly loaded table has neither.
        await StepAsync("VACUUM (ANALYZE)", () => connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {schema}.{dataTable}",
            cancellationToken: cancellationToken))).ConfigureAwait(false);
        return steps;
    }
}
