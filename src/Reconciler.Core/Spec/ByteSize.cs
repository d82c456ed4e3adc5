using System.Globalization;

namespace Reconciler.Spec;

/// <summary>
/// An amount of memory. Written with a binary (KiB..TiB) or decimal (KB..TB) unit; a bare
/// integer is bytes. Units are case-sensitive on purpose: PowerShell's <c>3Gb</c> means GiB while
/// "Gb" elsewhere means gigabits, so ambiguous spellings are refused with a hint.
/// </summary>
public readonly record struct ByteSize(ulong Bytes) : IComparable<ByteSize>
{
    public const ulong KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;

    private static readonly (string Unit, ulong Factor)[] Units =
    [
        ("B", 1), ("KiB", KiB), ("MiB", MiB), ("GiB", GiB), ("TiB", TiB),
        ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("TB", 1000_000_000_000),
    ];

    public static string UnitList => "B, KiB, MiB, GiB, TiB, KB, MB, GB, TB";

    public static ByteSize FromGiB(double gib) => new((ulong)Math.Round(gib * GiB));

    public static bool TryParse(string text, out ByteSize size)
    {
        // By hand rather than by regex: every VM of a fleet spec has a size, so this runs often.
        size = default;
        var span = text.AsSpan().Trim();
        var digits = 0;
        while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
        {
            digits++;
        }

        var number = span[..digits];
        var unit = span[digits..].TrimStart();
        if (number.Length == 0 || number[0] == '.' || number[^1] == '.' || number.IndexOf('.') != number.LastIndexOf('.'))
        {
            return false;
        }

        var factor = 0UL;
        if (unit.IsEmpty)
        {
            factor = 1;
        }
        else
        {
            foreach (var (name, value) in Units)
            {
                if (unit.SequenceEqual(name))
                {
                    factor = value;
                    break;
                }
            }
        }

        if (factor != 0 && number.IndexOf('.') < 0 && number.Length <= 19)
        {
            // A whole number (the usual case) needs no decimal arithmetic: 19 digits fit a ulong.
            var whole = ulong.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
            if (Math.BigMul(whole, factor, out var bytes) != 0)
            {
                return false; // more than a ulong of bytes
            }

            size = new ByteSize(bytes);
            return true;
        }

        if (factor == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        try
        {
            var bytes = amount * factor;
            if (bytes != decimal.Truncate(bytes) || bytes > ulong.MaxValue)
            {
                return false;
            }

            size = new ByteSize((ulong)bytes);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    public static bool operator <(ByteSize left, ByteSize right) => left.Bytes < right.Bytes;

    public static bool operator >(ByteSize left, ByteSize right) => left.Bytes > right.Bytes;

    public static bool operator <=(ByteSize left, ByteSize right) => left.Bytes <= right.Bytes;

    public static bool operator >=(ByteSize left, ByteSize right) => left.Bytes >= right.Bytes;

    /// <summary>The exact value in the largest binary unit that divides it, as a spec would spell it.</summary>
    public override string ToString()
    {
        foreach (var (unit, factor) in new[] { ("TiB", TiB), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB) })
        {
            if (Bytes >= factor && Bytes % factor == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Bytes / factor}{unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Bytes}B");
    }

    /// <summary>A readable rounded value for tables ("3.75 GiB").</summary>
    public string ToDisplayString()
    {
        foreach (var (unit, factor) in new[] { ("TiB", TiB), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB) })
        {
            if (Bytes >= factor)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{(double)Bytes / factor:0.##} {unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Bytes} B");
    }
}
