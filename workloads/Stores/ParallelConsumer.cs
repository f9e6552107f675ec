using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Bench.Stores;

/// <summary>
/// Feeds items from an async source to <c>workers</c> concurrent consumers through a small bounded channel —
/// the shape of every bulk load. If a consumer fails, the source and the other consumers are cancelled
/// (a producer blocked on a full channel would otherwise wait forever) and that consumer's exception is
/// the one that surfaces, not the cancellation it caused.
/// </summary>
public static class ParallelConsumer
{
    /// <param name="capacity">Items waiting in the channel: a few small ones keep consumers busy; big ones
    /// (16k-order chunks) are memory the collector must trace on every pass, so keep those few.</param>
    public static async Task RunAsync<T>(IAsyncEnumerable<T> source, int workers, int capacity, Func<T, CancellationToken, Task> consume,
        CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var item in channel.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                    await consume(item, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, failed.Token)).ToArray();

        try
        {
            await foreach (var item in source.WithCancellation(failed.Token).ConfigureAwait(false))
                await channel.Writer.WriteAsync(item, failed.Token).ConfigureAwait(false);
            channel.Writer.Complete();
            await Task.WhenAll(consumers).ConfigureAwait(false);
        }
        catch (Exception producerError)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            channel.Writer.TryComplete();
            try { await Task.WhenAll(consumers).ConfigureAwait(false); } catch (Exception) { /* examined below */ }
            var consumerError = consumers.FirstOrDefault(c => c.IsFaulted)?.Exception?.InnerException;
            if (producerError is OperationCanceledException && !cancellationToken.IsCancellationRequested && consumerError is not null)
                ExceptionDispatchInfo.Throw(consumerError);
            throw;
        }
    }
}
