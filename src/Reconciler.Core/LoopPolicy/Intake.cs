namespace Reconciler.LoopPolicy;

/// <summary>A revision taken in: the set to reconcile from now on, and the clusters it stalls, by name.</summary>
/// <param name="Good">Null while no revision has given any cluster a good spec.</param>
/// <param name="Errors">Every error of the revision, compiler style (file:line:column), for status.</param>
public sealed record Intake(DesiredSet? Good, IReadOnlyDictionary<string, Stall> Stalls, IReadOnlyList<string> Errors);
