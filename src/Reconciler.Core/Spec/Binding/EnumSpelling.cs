using Reconciler.Spec.Schema;

namespace Reconciler.Spec.Binding;

/// <summary>The camelCase spellings of an enum's members, worked out once per enum.</summary>
internal static class EnumSpelling<T>
    where T : struct, Enum
{
    public static (string Name, T Value)[] Values { get; } = [.. System.Enum.GetValues<T>().Select(v => (SpecSchema.CamelCase(v.ToString()), v))];
}
