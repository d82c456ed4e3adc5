namespace Reconciler.HyperV.Recording;

/// <summary>The <c>recording.json</c> of a recording: the cluster and the names of its hosts, as the settings file gave them.</summary>
public sealed record RecordingHeader(string Cluster, IReadOnlyList<string> Hosts);
