using Reconciler.Spec;

namespace Reconciler.Catalog;

/// <summary>A supported GPU-P guest: a family from a minimum version on, or a list of versions.</summary>
public sealed record GuestOsRule(string Family, int? Minimum, ValueList<string> Versions);
