using Microsoft.Playwright;

namespace Reconciler.Tests.Dashboard;

/// <summary>
/// Screenshots at 1400x900, saved beside the test binaries (screenshots/) and, when
/// RECONCILER_SCREENSHOTS names a directory (docs/images, to refresh the docs), there too.
/// Each is checked to be a picture, not a blank page: decoded by the browser, its pixels must
/// hold many colours and no single colour may cover nearly all of it.
/// </summary>
internal static class Screenshots
{
    public static async Task<string> SaveAsync(IBrowser browser, IPage page, string name)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, png);
        if (Environment.GetEnvironmentVariable("RECONCILER_SCREENSHOTS") is { Length: > 0 } docs)
        {
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name), png);
        }

        var (width, height, colours, dominant) = await MeasureAsync(browser, png);
        Assert.Equal((1400, 900), (width, height));
        Assert.True(colours >= 16, $"{name} looks blank: {colours} distinct colours");
        Assert.True(dominant < 0.97, $"{name} looks blank: one colour covers {dominant:P0} of it");
        return path;
    }

    private static async Task<(int Width, int Height, int Colours, double Dominant)> MeasureAsync(IBrowser browser, byte[] png)
    {
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            var result = await page.EvaluateAsync<int[]>(
                """
                async (data) => {
                  const image = new Image();
                  image.src = 'data:image/png;base64,' + data;
                  await image.decode();
                  const canvas = document.createElement('canvas');
                  canvas.width = image.width; canvas.height = image.height;
                  const g = canvas.getContext('2d');
                  g.drawImage(image, 0, 0);
                  const pixels = g.getImageData(0, 0, image.width, image.height).data;
                  const counts = new Map();
                  for (let i = 0; i < pixels.length; i += 4) {
                    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
                    counts.set(key, (counts.get(key) || 0) + 1);
                  }
                  let top = 0;
                  for (const c of counts.values()) top = Math.max(top, c);
                  return [image.width, image.height, counts.size, Math.round(1000 * top / (image.width * image.height))];
                }
                """,
                Convert.ToBase64String(png));
            return (result[0], result[1], result[2], result[3] / 1000.0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
