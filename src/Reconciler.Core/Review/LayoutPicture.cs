namespace Reconciler.Review;

/// <summary>
/// How <see cref="ReviewSvg"/> titles and fills one picture: a pull request's layout before → after
/// (changed hosts only), or the dashboard's live view, observed → desired, every host drawn, VMs
/// that are not running marked and VMs without a GPU listed. One picture language for both.
/// </summary>
public sealed record LayoutPicture(
    string Heading,
    string Title,
    string BeforeLabel,
    string AfterLabel,
    string ChangedLabel,
    bool EveryHost,
    bool ShowPower)
{
    public static LayoutPicture Review(string cluster) =>
        new($"{cluster}: GPU layout before → after", $"{cluster}: GPU layout before and after", "before", "after", "changed", EveryHost: false, ShowPower: false);

    public static LayoutPicture Live(string cluster) =>
        new($"{cluster}: observed → desired", $"{cluster}: GPU layout observed on the hosts and desired by the spec", "observed", "desired", "differs (drift)", EveryHost: true, ShowPower: true);
}
