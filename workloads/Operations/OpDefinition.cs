using Bench.Dataset;

namespace Bench.Operations;

/// <summary>
/// One measured operation, declared once: the benchmark method of the same <see cref="Name"/> times it;
/// <see cref="OpProbe"/> counts what it costs. <see cref="Name"/> is a permanent benchmark ID.
/// </summary>
public sealed record OpDefinition(string Workload, string Name, string Description, Func<OpContext, IOpRunner> CreateRunner)
{
    /// <summary>A runner over a run's prepared dataset: data-dependent inputs (e.g. keyset cursors) come prepared.</summary>
    public IOpRunner Runner(PreparedDataset dataset, int client = 0) => CreateRunner(new OpContext(dataset.Spec, client, dataset.Inputs));

    /// <summary>A runner over a bare dataset (tests): a runner that needs prepared inputs finds them itself.</summary>
    public IOpRunner Runner(DatasetSpec spec, int client = 0) => CreateRunner(new OpContext(spec, client, new PreparedInputs()));
}

/// <summary>What a runner is created for: a dataset and its prepared inputs, and which concurrent client it is (each draws its own inputs).</summary>
public sealed record OpContext(DatasetSpec Spec, int Client, PreparedInputs Inputs)
{
    /// <summary>The name of this client's input stream: client 0 (benchmarks, probes) uses the plain name.</summary>
    public string Stream(string name) => Client == 0 ? name : $"{name}#{Client}";
}
