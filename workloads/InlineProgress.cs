namespace Bench;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, in order. (<see cref="Progress{T}"/>
/// posts to the thread pool, so its reports can arrive late and out of order.)</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
