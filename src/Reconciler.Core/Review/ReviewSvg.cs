using System.Xml.Linq;

namespace Reconciler.Review;

/// <summary>
/// A cluster's GPU layout before and after as one self-contained SVG for a pull-request comment:
/// changed hosts as columns, each GPU a bar split into its partitions labelled with their VMs,
/// before and after side by side, changes in orange, and a legend. No scripts, no external fonts
/// or images; names too long for a bar are cut with "…" and carry the full text as a tooltip.
/// About 870 px wide at most (three hosts a row) so it is not scaled down to unreadable in a comment.
/// </summary>
public static class ReviewSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
    private const int Margin = 16, BarWidth = 120, BarGap = 12, HostPadding = 10, HostGap = 12, HostsPerRow = 3;
    private const int Row = 16, FontSize = 11, GpuGap = 10, MinWidth = 500;
    private const int HostWidth = (2 * BarWidth) + BarGap + (2 * HostPadding);

    // Colours: assigned partitions blue, DDA purple, free dashed grey, changes orange (readable for the common colour blindnesses).
    private const string Assigned = "#dbeafe", AssignedStroke = "#2563eb", Dda = "#ede9fe", DdaStroke = "#7c3aed";
    private const string Free = "#f9fafb", FreeStroke = "#9ca3af", Changed = "#fed7aa", ChangedStroke = "#ea580c", Header = "#e5e7eb", Ink = "#1f2937";

    public static string FileName(string cluster) =>
        string.Concat(cluster.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".svg";

    public static string Write(ClusterReview review) =>
        Write(review.Cluster, review.Before, review.After, LayoutPicture.Review(review.Cluster), review.NodeLossSentence is { } loss ? $"After the change, the cluster {loss}." : null);

    /// <summary>Any two layouts of a cluster in the review's picture language: the dashboard draws observed → desired.</summary>
    /// <param name="note">A line under the hosts (the review: whether the head layout survives a node loss).</param>
    public static string Write(string cluster, ClusterLayout? beforeLayout, ClusterLayout? afterLayout, LayoutPicture view, string? note = null)
    {
        var before = beforeLayout ?? new ClusterLayout(cluster, Spec.ValueList<HostLayout>.Empty);
        var after = afterLayout ?? before;
        var changed = view.EveryHost ? [] : after.Hosts.Where(h => HasChanges(before.Host(h.Name), h)).ToList();
        var hosts = changed.Count > 0 ? changed : after.Hosts.ToList();

        var body = new List<XElement>();
        var y = Margin + 34; // below the title
        // Never narrower than the title and legend need, so a one-host cluster does not cut them off.
        var width = Math.Max(MinWidth, (2 * Margin) + (Math.Min(HostsPerRow, Math.Max(1, hosts.Count)) * (HostWidth + HostGap)) - HostGap);
        for (var start = 0; start < hosts.Count; start += HostsPerRow)
        {
            var rowHeight = 0;
            for (var i = start; i < Math.Min(hosts.Count, start + HostsPerRow); i++)
            {
                var x = Margin + ((i - start) * (HostWidth + HostGap));
                var (elements, height) = Host(before.Host(hosts[i].Name), hosts[i], x, y, view);
                body.AddRange(elements);
                rowHeight = Math.Max(rowHeight, height);
            }

            y += rowHeight + HostGap;
        }

        body.Insert(0, Text(Margin, Margin + 20, view.Heading, 15, bold: true, maxWidth: width - (2 * Margin)));
        var hidden = after.Hosts.Count - hosts.Count;
        if (hidden > 0)
        {
            y += 4;
            body.Add(Text(Margin, y + 8, $"{hidden} host{(hidden == 1 ? "" : "s")} without changes not drawn", FontSize, maxWidth: width - (2 * Margin)));
            y += 14;
        }

        if (note is not null)
        {
            y += 4;
            body.Add(Text(Margin, y + 10, note, FontSize + 1, bold: true, maxWidth: width - (2 * Margin), tooltip: note));
            y += 18;
        }

        y += 4;
        body.AddRange(Legend(Margin, y, view));
        y += Row + Margin;

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", width), new XAttribute("height", y),
            new XAttribute("viewBox", $"0 0 {width} {y}"),
            new XAttribute("font-family", Font), new XAttribute("font-size", FontSize),
            new XAttribute("role", "img"),
            new XElement(Svg + "title", view.Title),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")),
            body);
        return svg.ToString() + "\n";
    }

    private static bool HasChanges(HostLayout? before, HostLayout after) =>
        before is null
        || after.Gpus.Any(g => LayoutChanges.Gpu(before.Gpu(g.Path), g).Length > 0 || g.Slots.Any(s => LayoutChanges.SlotChanged(s, g, before.Gpu(g.Path))))
        || before.Gpus.Any(g => g.Slots.Any(s => LayoutChanges.SlotChanged(s, g, after.Gpu(g.Path))));

    private static (List<XElement> Elements, int Height) Host(HostLayout? before, HostLayout after, int x, int top, LayoutPicture view)
    {
        var elements = new List<XElement>();
        var y = top + 4;
        elements.Add(Text(x + HostPadding, y + 14, after.Name, 13, bold: true, maxWidth: HostWidth - (2 * HostPadding)));
        y += 22;
        var left = x + HostPadding;
        var right = left + BarWidth + BarGap;
        elements.Add(Text(left, y + 10, view.BeforeLabel, FontSize, fill: "#6b7280"));
        elements.Add(Text(right, y + 10, view.AfterLabel, FontSize, fill: "#6b7280"));
        y += 16;
        foreach (var gpu in after.Gpus)
        {
            var old = before?.Gpu(gpu.Path);
            elements.Add(Text(left, y + 11, $"{gpu.Label} · {gpu.Model}", FontSize, bold: true, maxWidth: HostWidth - (2 * HostPadding), tooltip: $"{gpu.Label} · {gpu.Model} · {gpu.Path}"));
            y += 16;
            var power = view.ShowPower ? new SlotPower(before, after) : null;
            var (oldBar, oldHeight) = old is null ? Missing(left, y) : Bar(old, gpu, left, y, shapeChanged: false, power);
            var (newBar, newHeight) = Bar(gpu, old, right, y, shapeChanged: LayoutChanges.Gpu(old, gpu).Length > 0, power?.Swapped);
            elements.AddRange(oldBar);
            elements.AddRange(newBar);
            y += Math.Max(oldHeight, newHeight) + GpuGap;
        }

        if (view.ShowPower)
        {
            // VMs in no bar of the left side (no GPU, or off with a pool claim the cluster places at
            // start): named with their state, so the picture shows every VM of the host.
            var side = before ?? after;
            var shown = side.Gpus.SelectMany(g => g.Slots).Where(s => s is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var vm in side.Vms.Concat(after.Vms.Where(v => side.Vm(v.Name) is null)).Where(v => !shown.Contains(v.Name)))
            {
                var changed = side.Vm(vm.Name) is { } mine && after.Vm(vm.Name) is { } theirs && (mine.State != theirs.State || mine.Resource != theirs.Resource);
                elements.Add(Text(x + HostPadding, y + 10, $"{(changed ? "⚠" : "○")} {vm.Name} · {vm.State} · {vm.Resource}", FontSize,
                    fill: changed ? ChangedStroke : "#4b5563", maxWidth: HostWidth - (2 * HostPadding)));
                y += 14;
            }
        }

        var height = y - top;
        elements.Insert(0, new XElement(Svg + "rect",
            new XAttribute("x", x), new XAttribute("y", top), new XAttribute("width", HostWidth), new XAttribute("height", height),
            new XAttribute("rx", 6), new XAttribute("fill", "#ffffff"), new XAttribute("stroke", "#d1d5db")));
        return (elements, height);
    }

    /// <summary>One GPU: a header with its shape, then a slice per partition (or one for the DDA VM); slices whose VM arrives or leaves are orange.</summary>
    private static (List<XElement> Elements, int Height) Bar(GpuLayout gpu, GpuLayout? other, int x, int y, bool shapeChanged, SlotPower? power = null)
    {
        var elements = new List<XElement>();
        var header = gpu.Use switch
        {
            GpuUse.Partitioned => $"{gpu.PartitionCount} × {gpu.PartitionSize?.ToDisplayString() ?? "?"}",
            GpuUse.Dda => gpu.Pool is null ? "DDA" : $"DDA · {gpu.Pool}",
            _ => "not usable",
        };
        elements.Add(Rect(x, y, BarWidth, Row, gpu.Use == GpuUse.Dda ? DdaStroke : Header, gpu.Use == GpuUse.Dda ? DdaStroke : "#9ca3af"));
        elements.Add(Text(x + 4, y + 12, header, FontSize, bold: true, fill: gpu.Use == GpuUse.Dda ? "#ffffff" : Ink, maxWidth: BarWidth - 8,
            tooltip: gpu.Pool is null ? null : $"passed through by DDA, in pool {gpu.Pool}"));
        var sliceY = y + Row;
        foreach (var vm in gpu.Slots)
        {
            var changed = LayoutChanges.SlotChanged(vm, gpu, other) || (power is not null && power.Differs(vm));
            var (fill, stroke) = changed ? (Changed, ChangedStroke) : vm is null ? (Free, FreeStroke) : gpu.Use == GpuUse.Dda ? (Dda, DdaStroke) : (Assigned, AssignedStroke);
            var rect = Rect(x, sliceY, BarWidth, Row, fill, stroke);
            if (vm is null && !changed)
            {
                rect.Add(new XAttribute("stroke-dasharray", "3 2"));
            }

            elements.Add(rect);
            elements.Add(Text(x + 4, sliceY + 12, power?.Label(vm) ?? vm ?? "free", FontSize, fill: vm is null ? "#6b7280" : Ink, maxWidth: BarWidth - 8));
            sliceY += Row;
        }

        var height = sliceY - y;
        if (shapeChanged)
        {
            elements.Add(new XElement(Svg + "rect",
                new XAttribute("x", x - 2), new XAttribute("y", y - 2), new XAttribute("width", BarWidth + 4), new XAttribute("height", height + 4),
                new XAttribute("fill", "none"), new XAttribute("stroke", ChangedStroke), new XAttribute("stroke-width", 2.5), new XAttribute("rx", 3)));
        }

        return (elements, height);
    }

    private static (List<XElement> Elements, int Height) Missing(int x, int y)
    {
        var rect = Rect(x, y, BarWidth, 2 * Row, Free, FreeStroke);
        rect.Add(new XAttribute("stroke-dasharray", "3 2"));
        return ([rect, Text(x + 4, y + 20, "not there", FontSize, fill: "#6b7280")], 2 * Row);
    }

    private static IEnumerable<XElement> Legend(int x, int y, LayoutPicture view)
    {
        var items = new[] { ("VM's partition", Assigned, AssignedStroke), ("free partition", Free, FreeStroke), ("VM's DDA GPU", Dda, DdaStroke), (view.ChangedLabel, Changed, ChangedStroke) };
        foreach (var (label, fill, stroke) in items)
        {
            yield return Rect(x, y + 2, 14, 12, fill, stroke);
            yield return Text(x + 19, y + 12, label, FontSize);
            x += 24 + (int)Math.Ceiling(label.Length * CharWidth(FontSize)) + 14;
        }
    }

    private static XElement Rect(int x, int y, int width, int height, string fill, string stroke) =>
        new(Svg + "rect",
            new XAttribute("x", x), new XAttribute("y", y), new XAttribute("width", width), new XAttribute("height", height),
            new XAttribute("fill", fill), new XAttribute("stroke", stroke));

    /// <summary>Text cut to fit <paramref name="maxWidth"/>; a cut or <paramref name="tooltip"/> adds a &lt;title&gt; with the full text.</summary>
    private static XElement Text(int x, int y, string text, int size, bool bold = false, string fill = Ink, int maxWidth = int.MaxValue, string? tooltip = null)
    {
        var fits = (int)Math.Floor(maxWidth / CharWidth(size));
        var shown = text.Length <= fits ? text : string.Concat(text.AsSpan(0, Math.Max(1, fits - 1)), "…");
        var element = new XElement(Svg + "text",
            new XAttribute("x", x), new XAttribute("y", y), new XAttribute("fill", fill));
        if (size != FontSize)
        {
            element.Add(new XAttribute("font-size", size));
        }

        if (bold)
        {
            element.Add(new XAttribute("font-weight", "600"));
        }

        if (shown != text || tooltip is not null)
        {
            element.Add(new XElement(Svg + "title", tooltip ?? text));
        }

        element.Add(shown);
        return element;
    }

    /// <summary>A generous average glyph width of the system sans-serif fonts, so estimated text never runs past its box.</summary>
    private static double CharWidth(int size) => size * 0.62;
}
