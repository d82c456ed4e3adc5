namespace Reconciler.Spec.Schema;

/// <summary>The kinds of value a spec field holds.</summary>
public enum FieldKind
{
    String,
    Integer,
    Boolean,
    Object,
    ObjectList,
    EnumList,
    Enum,
    Size,
    Duration,
    CountOrPercent,
    TimeOfDay,
}
