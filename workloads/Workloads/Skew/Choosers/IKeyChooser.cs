using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// Which of <see cref="Items"/> keys (0-based indexes) the next operation touches, like YCSB's generator
/// package: one small class per distribution. Choosers hold no mutable state (the caller owns the
/// <see cref="Rng"/>), so one chooser serves every client thread and a seed fixes the whole sequence.
/// </summary>
public interface IKeyChooser
{
    /// <summary>Permanent label in reports, e.g. <c>zipfian-0.99</c>.</summary>
    string Name { get; }

    /// <summary>How many keys there are to choose from.</summary>
    long Items { get; }

    /// <summary>The next key's index in [0, <see cref="Items"/>).</summary>
    long Next(ref Rng rng);

    /// <summary>
    /// The analytic probability of <paramref name="index"/> (what frequency tests compare with), or null where
    /// there is no closed form (the scrambled zipfian's hash folds ranks onto the same index now and then).
    /// </summary>
    double? Share(long index);
}
