using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores.Dynamo;
using Bench.Stores.Migration.Dynamo;
using Bench.Stores.Migration.Postgres;
using Bench.Stores.Postgres;

namespace Bench.Stores.Migration;

/// <summary>
/// The rename migrations each strategy offers, in report order, and its dual-read lookup. Variants have none of
/// their own (they read another strategy's data).
/// </summary>
public static class AttributeMigrations
{
    /// <summary>Method names, as the report and the manifest use them.</summary>
    public static IReadOnlyList<string> Methods(Strategy strategy) => strategy.IsVariant ? [] : strategy.Id switch
    {
        PgRelationalStrategy.StrategyId => [PgRenameColumn.MethodName, PgExpandContract.MethodName],
        PgJsonbStrategy.StrategyId => [PgJsonbKeyRename.MethodName],
        _ when strategy.Engine == EngineKinds.DynamoDb => [DynamoBackfill.MethodName],
        _ => [],
    };

    public static IAttributeMigration Open(Strategy strategy, string method, EngineEndpoints endpoints, DatasetSpec dataset, BackfillOptions options)
    {
        var store = strategy.Open(endpoints, dataset);
        switch (store)
        {
            case DynamoStore dynamo:
                return new DynamoBackfill(dynamo, endpoints.RequireDynamoDb(), DesignOf(strategy), options);
            case PostgresStore postgres:
                var target = new PgMigrationTarget(new PostgresEndpointSource(endpoints.RequirePostgres().ConnectionString), postgres.Schema,
                    PgTableName(strategy), PgKey(strategy));
                return method switch
                {
                    PgRenameColumn.MethodName => new PgRenameColumn(postgres, target, options.AllowDestructive),
                    PgExpandContract.MethodName => new PgExpandContract(postgres, target, options.AllowDestructive) { BatchRows = options.PgBatchRows },
                    PgJsonbKeyRename.MethodName => new PgJsonbKeyRename(postgres, target, options.AllowDestructive) { BatchRows = options.PgBatchRows },
                    _ => throw new BenchException($"{strategy.Id} has no migration '{method}'", ExitCodes.Usage),
                };
            default:
                throw new BenchException($"{strategy.Id} has no migrations", ExitCodes.Usage);
        }
    }

    /// <summary>The live lookup that reads the new name, else the old.</summary>
    public static async Task<IDualRead> DualReadAsync(Strategy strategy, EngineEndpoints endpoints, DatasetSpec dataset)
    {
        await using var store = strategy.Data.Open(endpoints, dataset);
        return store switch
        {
            DynamoStore dynamo => new DynamoDualRead(endpoints.RequireDynamoDb(), dynamo.TableName,
                strategy.Data.Id == DdbSingleTableStrategy.StrategyId ? DdbSingleTableStrategy.ById : null),
            _ => new PgDualRead(endpoints.RequirePostgres().ConnectionString, PgTable(store), PgKey(strategy.Data),
                documents: strategy.Data.Id == PgJsonbStrategy.StrategyId),
        };
    }

    /// <summary>The schema-qualified data table of a PostgreSQL store.</summary>
    public static string PgTable(IStoreAdmin store) => $"{((PostgresStore)store).Schema}.{PgTableName(store.Strategy.Data)}";

    private static DynamoTableDesign DesignOf(Strategy strategy) =>
        strategy.Data.Id == DdbSingleTableStrategy.StrategyId ? DdbSingleTableStrategy.Table : DdbTableStrategy.Table;

    // The table and key each strategy's unique index reads (the strategies declare them in their index lists).
    private static string PgTableName(Strategy strategy) => strategy.Data.Id == PgJsonbStrategy.StrategyId
        ? PgJsonbStrategy.Indexes[0].Table
        : PgRelationalStrategy.Indexes[0].Table;

    private static string PgKey(Strategy strategy) => strategy.Data.Id == PgJsonbStrategy.StrategyId ? PgJsonbStrategy.OrderId : "order_id";
}
