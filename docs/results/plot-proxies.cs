#:package ScottPlot@5.1.59
// Draws docs/results/proxies-rho.png from docs/results/proxies-rho.csv: Spearman ρ of each proxy (and the rank
// ensemble) on each benchmark, one group of bars per benchmark. Run from the repository root:
//   dotnet run docs/results/plot-proxies.cs
using System.Globalization;

string folder = args.Length > 0 ? args[0] : "docs/results";
var rows = File.ReadAllLines(Path.Combine(folder, "proxies-rho.csv")).Skip(1)
    .Where(l => l.Length > 0)
    .Select(l => l.Split(','))
    .Select(f => (Benchmark: f[0], Proxy: f[1], Rho: double.Parse(f[3], CultureInfo.InvariantCulture)))
    .ToList();
var benchmarks = rows.Select(r => r.Benchmark).Distinct().ToList();
var proxies = rows.Select(r => r.Proxy).Distinct().ToList();

var plot = new ScottPlot.Plot();
var palette = new ScottPlot.Palettes.Category20();
var bars = new List<ScottPlot.Bar>();
double groupWidth = proxies.Count + 1.5;
for (int b = 0; b < benchmarks.Count; b++)
{
    for (int p = 0; p < proxies.Count; p++)
    {
        var row = rows.Where(r => r.Benchmark == benchmarks[b] && r.Proxy == proxies[p]).ToList();
        if (row.Count == 0) continue;
        bars.Add(new ScottPlot.Bar { Position = b * groupWidth + p, Value = row[0].Rho, FillColor = palette.GetColor(p) });
    }
}
plot.Add.Bars(bars);
for (int p = 0; p < proxies.Count; p++)
    plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = proxies[p], FillColor = palette.GetColor(p) });
plot.ShowLegend(ScottPlot.Edge.Right);
var ticks = benchmarks.Select((name, b) => new ScottPlot.Tick(b * groupWidth + (proxies.Count - 1) / 2.0, name)).ToArray();
plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
plot.Axes.Bottom.MajorTickStyle.Length = 0;
plot.Axes.SetLimitsY(0, 1.0);
plot.Axes.SetLimitsX(-1, benchmarks.Count * groupWidth - 1);
plot.YLabel("Spearman ρ with accuracy");
plot.Title("Training-free proxies: rank correlation per benchmark");
plot.SavePng(Path.Combine(folder, "proxies-rho.png"), 1400, 600);
Console.WriteLine($"wrote {Path.Combine(folder, "proxies-rho.png")}");
