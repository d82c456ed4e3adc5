namespace Reconciler.HyperV.Settings;

/// <summary>A connection settings file that cannot be used; each problem names file:line:column and what to do.</summary>
public sealed class HyperVSettingsException : Exception
{
    public HyperVSettingsException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public HyperVSettingsException()
        : this(["the Hyper-V connection settings are invalid"])
    {
    }

    public HyperVSettingsException(string message)
        : this([message])
    {
    }

    public HyperVSettingsException(string message, Exception inner)
        : base(message, inner)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
