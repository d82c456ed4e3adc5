using System.Globalization;
using Reconciler.Diagnostics;

namespace Reconciler.Spec.Binding;

/// <summary>Binds <c>maxUnavailable</c>: a positive number of VMs, or a percentage from 1% to 100%.</summary>
internal static class MaxUnavailableBinder
{
    private const string Advice = "write a number of VMs like 2 or a percentage like \"25%\"; to stop all changes use mode: alert";

    public static MaxUnavailable? Bind(MapReader policy)
    {
        if (!policy.Has("maxUnavailable"))
        {
            return null;
        }

        var text = policy.String("maxUnavailable");
        if (text is null)
        {
            return null;
        }

        var isPercent = text.EndsWith('%');
        var number = isPercent ? text[..^1] : text;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            policy.Report(Codes.MaxUnavailable, "maxUnavailable", $"maxUnavailable '{text}' is not a number or percentage; {Advice}");
            return null;
        }

        if (value < 1 || (isPercent && value > 100))
        {
            policy.Report(Codes.MaxUnavailable, "maxUnavailable", $"maxUnavailable {text} is out of range; {Advice}");
            return null;
        }

        return new MaxUnavailable(value, isPercent);
    }
}
