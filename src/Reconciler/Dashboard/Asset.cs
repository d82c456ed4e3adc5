namespace Reconciler.Dashboard;

/// <summary>One embedded file of the dashboard, with its content type and an ETag from its content.</summary>
internal sealed record Asset(byte[] Content, string ContentType, string ETag);
