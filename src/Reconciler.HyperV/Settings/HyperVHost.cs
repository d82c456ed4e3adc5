namespace Reconciler.HyperV.Settings;

/// <summary>One Hyper-V host: the name specs use, and where its WinRM listener is.</summary>
public sealed record HyperVHost(string Name, string Address, int Port);
