using Bench.Dataset;
using Bench.Metrics;
using Bench.Stores;

namespace Bench.Operations;

/// <summary>Workload 1: key lookups — one order by id, and 25 at once (BatchGetItem vs <c>= ANY</c>).</summary>
public static class LookupOps
{
    public const int BatchSize = 25;

    public static readonly OpDefinition GetById = new(Workload.Lookup, "GetById",
        "one order by id (random existing ids)", spec => new GetByIdRunner(spec));

    public static readonly OpDefinition BatchGet25 = new(Workload.Lookup, "BatchGet25",
        $"{BatchSize} orders by id in one request (random distinct existing ids)", spec => new BatchGetRunner(spec));

    private sealed class GetByIdRunner(DatasetSpec spec) : IOpRunner
    {
        private readonly KeySequence _keys = new(spec, "lookup.get-by-id");

        public async Task RunAsync(IOrderStore store, CancellationToken cancellationToken)
        {
            string id = _keys.NextId();
            var order = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (order is null || order.OrderId != id)
                throw WrongAnswer.For(store, GetById.Name, $"order {id} exists but {(order is null ? "was not found" : $"{order.OrderId} came back")}");
            OpScope.Current?.AddOperation(1);
        }
    }

    private sealed class BatchGetRunner(DatasetSpec spec) : IOpRunner
    {
        private readonly KeySequence _keys = new(spec, "lookup.batch-get");

        public async Task RunAsync(IOrderStore store, CancellationToken cancellationToken)
        {
            string[] ids = _keys.NextDistinctIds(Math.Min(BatchSize, (int)Math.Min(int.MaxValue, spec.Orders)));
            var orders = await store.BatchGetAsync(ids, cancellationToken).ConfigureAwait(false);
            var returned = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
            if (orders.Count != ids.Length || !returned.SetEquals(ids))
                throw WrongAnswer.For(store, BatchGet25.Name, $"asked for {ids.Length} existing orders, got {orders.Count} ({ids.Count(i => !returned.Contains(i))} missing)");
            OpScope.Current?.AddOperation(orders.Count);
        }
    }
}
