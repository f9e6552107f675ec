using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Bench.Reporting;

/// <summary>
/// How reports are written to and read from JSON. Sections are polymorphic: every concrete
/// <see cref="ReportSection"/> in the loaded assemblies (the suite's library, the app, tests) is found by its
/// <see cref="ReportSectionKindAttribute"/>, so a new workload's section needs no line here.
/// </summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var sections = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && (a == typeof(ReportSection).Assembly || a.GetReferencedAssemblies().Any(r => r.Name == typeof(ReportSection).Assembly.GetName().Name)))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(ReportSection)) && !t.IsAbstract)
            .Select(t => new JsonDerivedType(t, t.GetCustomAttribute<ReportSectionKindAttribute>()?.Kind
                ?? throw new InvalidOperationException($"{t.Name} needs a [ReportSectionKind]")))
            .ToList();
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(ReportSection)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "kind" };
            foreach (var section in sections) info.PolymorphismOptions.DerivedTypes.Add(section);
        });
        return new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = resolver,
        };
    }
}
