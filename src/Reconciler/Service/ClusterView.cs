using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Service;

/// <summary>
/// What the dashboard draws besides the status: the spec being reconciled, the cluster as last
/// observed, and the plan the next tick would run against it. Not part of the /api/v1 JSON.
/// </summary>
/// <param name="Observed">Null until the cluster was observed once; kept (with its time) when a later observation fails.</param>
/// <param name="Next">The plan against <paramref name="Observed"/>: empty when the cluster matches.</param>
internal sealed record ClusterView(ClusterSpec Spec, ObservedCluster? Observed, DateTimeOffset? ObservedAt, Plan? Next);
