using Bench.Metrics;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>Base of every runner: draws an input, executes it, checks the answer, records it in the op scope.</summary>
public abstract class OpRunner<TInput, TAnswer>(string operation) : IOpRunner where TInput : notnull
{
    private TInput? _last;

    public virtual Task PrepareAsync(IOrderQueries store, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<OpAnswer> RunAsync(IOrderQueries store, CancellationToken cancellationToken)
    {
        var input = _last = NextInput();
        var answer = await ExecuteAsync(store, input, cancellationToken).ConfigureAwait(false);
        Check(input, answer);
        var described = Describe(answer);
        OpScope.Current?.AddOperation(described.Items);
        return described;
    }

    public async Task<OpAnswer> RepeatAsync(IOrderQueries store, CancellationToken cancellationToken)
    {
        var input = _last ?? throw new InvalidOperationException("nothing to repeat: RunAsync has not run");
        var answer = await ExecuteAsync(store, input, cancellationToken).ConfigureAwait(false);
        Check(input, answer);
        return Describe(answer);
    }

    protected abstract TInput NextInput();

    protected abstract Task<TAnswer> ExecuteAsync(IOrderQueries store, TInput input, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="WrongAnswer"/> when the answer breaks an invariant of the query.</summary>
    protected abstract void Check(TInput input, TAnswer answer);

    protected abstract OpAnswer Describe(TAnswer answer);

    protected BenchException Wrong(TInput input, string detail) => WrongAnswer.For(operation, input, detail);
}
