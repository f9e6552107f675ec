namespace Bench;

/// <summary>
/// The engines a strategy runs on and a target starts. In the root namespace: strategies, targets and
/// prices all name engines, and none of them should need another's namespace for it.
/// </summary>
[Flags]
public enum EngineKinds
{
    None = 0,
    Postgres = 1,
    DynamoDb = 2,
}
