using Bench.Stores;

namespace Bench.Workloads;

/// <summary>The app's console as workloads see it (the library has no UI of its own).</summary>
public interface IWorkloadConsole
{
    void WriteLine(string line);

    /// <summary>Runs <paramref name="body"/> while showing progress for the loads it starts through the tracker it is given.</summary>
    Task TrackLoadsAsync(Func<LoadTracker, Task> body);
}

/// <summary>Starts showing one load's progress: <paramref name="label"/> (e.g. "pg-relational 100k") of <paramref name="total"/> orders.</summary>
public delegate IProgress<LoadProgress> LoadTracker(string label, long total);
