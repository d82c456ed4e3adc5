namespace Reconciler.Drift;

/// <summary>
/// Name orders for the planner, as a stable sort by name ignoring case would give them, without
/// sorting what is in order already: specs usually list VMs by name, and sorting 64,000 names
/// ignoring case is a noticeable part of planning a fleet.
/// </summary>
internal static class Sorted
{
    private static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary><paramref name="items"/> itself when already in order; otherwise a stable sort of it.</summary>
    public static IReadOnlyList<T> ByName<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (Comparer.Compare(name(items[i - 1]), name(items[i])) > 0)
            {
                return [.. items.OrderBy(name, Comparer)];
            }
        }

        return items;
    }

    /// <summary>Merges two lists in name order into one (the planner's VM names are distinct ignoring case, so this is the sorted order of both).</summary>
    public static List<T> Merge<T>(IReadOnlyList<T> first, IReadOnlyList<T> second, Func<T, string> name)
    {
        var merged = new List<T>(first.Count + second.Count);
        var (i, j) = (0, 0);
        while (i < first.Count && j < second.Count)
        {
            merged.Add(Comparer.Compare(name(first[i]), name(second[j])) <= 0 ? first[i++] : second[j++]);
        }

        for (; i < first.Count; i++)
        {
            merged.Add(first[i]);
        }

        for (; j < second.Count; j++)
        {
            merged.Add(second[j]);
        }

        return merged;
    }
}
