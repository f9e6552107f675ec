using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>Catalog 1–2: key lookups — one order by id, and 25 at once (BatchGetItem vs <c>= ANY</c>).</summary>
public static class LookupOps
{
    public const int BatchSize = 25;

    public static readonly OpDefinition GetById = new(Workload.Lookup, "GetById",
        "one order by id (random existing ids)", c => new GetByIdRunner(c));

    public static readonly OpDefinition BatchGet25 = new(Workload.Lookup, "BatchGet25",
        $"{BatchSize} orders by id in one call (random distinct existing ids)", c => new BatchGetRunner(c));

    private sealed class GetByIdRunner(OpContext context) : OpRunner<string, Order?>(GetById.Name)
    {
        private readonly KeySequence _keys = new(context.Spec, context.Stream("lookup.get-by-id"));

        protected override string NextInput() => _keys.NextId();

        protected override Task<Order?> ExecuteAsync(IOrderQueries store, string input, CancellationToken cancellationToken) =>
            store.GetAsync(input, cancellationToken);

        protected override void Check(string input, Order? answer)
        {
            if (answer is null) throw Wrong(input, "the order exists but was not found");
            if (answer.OrderId != input) throw Wrong(input, $"{answer.OrderId} came back");
        }

        protected override OpAnswer Describe(Order? answer) => new(answer is null ? 0 : 1, () => answer?.OrderId ?? "");
    }

    private sealed class BatchGetRunner(OpContext context) : OpRunner<string[], IReadOnlyList<Order>>(BatchGet25.Name)
    {
        private readonly KeySequence _keys = new(context.Spec, context.Stream("lookup.batch-get"));

        protected override string[] NextInput() => _keys.NextDistinctIds((int)Math.Min(BatchSize, context.Spec.Orders));

        protected override Task<IReadOnlyList<Order>> ExecuteAsync(IOrderQueries store, string[] input, CancellationToken cancellationToken) =>
            store.BatchGetAsync(input, cancellationToken);

        protected override void Check(string[] input, IReadOnlyList<Order> answer)
        {
            var returned = answer.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
            if (answer.Count != input.Length || !returned.SetEquals(input))
                throw Wrong(input, $"asked for {input.Length} existing orders, got {answer.Count} ({input.Count(i => !returned.Contains(i))} missing)");
        }

        protected override OpAnswer Describe(IReadOnlyList<Order> answer) =>
            new(answer.Count, () => string.Join('\n', answer.Select(o => o.OrderId).Order(StringComparer.Ordinal)));
    }
}
