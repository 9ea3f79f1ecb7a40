//! The monthly report's charts: SVG drawn by `plotters` into a string, put inline in the
//! page (no external assets). Values missing for a month are gaps, never zeros.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::error::{Error, Result};

const SIZE: (u32, u32) = (640, 300);
const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(255, 127, 14);

fn failed(e: impl std::fmt::Display) -> Error {
    Error::io("cannot draw a chart", std::io::Error::other(e.to_string()))
}

fn label_at(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

fn top(values: impl Iterator<Item = f64>) -> f64 {
    let m = values.fold(0.0f64, f64::max);
    if m <= 0.0 {
        1.0
    } else {
        m * 1.15
    }
}

/// The frame every picture of the report has: white, a caption, months or names along
/// the x axis, values from 0 to `ymax`, a horizontal grid. The trends and the bars are
/// drawn on it, so they look alike and are framed by the same code.
type Frame<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    labels: &[String],
    ymax: f64,
) -> Result<Frame<'a, 'b>> {
    root.fill(&WHITE).map_err(failed)?;
    let n = labels.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d(-0.5f64..(n - 0.5), 0f64..ymax)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .x_labels(labels.len().max(1))
        .x_label_formatter(&|x| label_at(labels, *x))
        .disable_x_mesh()
        .draw()
        .map_err(failed)?;
    Ok(chart)
}

/// A trend: one line per series over the labelled months; a month without a value
/// breaks the line.
pub fn lines(title: &str, labels: &[String], series: &[(String, Vec<Option<f64>>)]) -> Result<String> {
    let ymax = top(series.iter().flat_map(|(_, v)| v.iter().flatten().copied()));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = frame(&root, title, labels, ymax)?;
        for (k, (name, values)) in series.iter().enumerate() {
            let color = if k == 0 { BLUE } else { ORANGE };
            // One segment per run of months with a value.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(y) => runs.last_mut().map(|r| r.push((i as f64, *y))).unwrap_or_default(),
                    None => runs.push(Vec::new()),
                }
            }
            let mut first = true;
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let points = run.clone();
                let drawn = chart.draw_series(LineSeries::new(run, color.stroke_width(2))).map_err(failed)?;
                if first {
                    drawn
                        .label(name.as_str())
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
                    first = false;
                }
                chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, color.filled()))).map_err(failed)?;
            }
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
                .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Bars per label; with `pareto`, the cumulative share as a line on a 0–100 % axis
/// drawn over the bars (the bars sorted, most first, by the caller).
pub fn bars(title: &str, labels: &[String], values: &[f64], pareto: bool) -> Result<String> {
    let ymax = top(values.iter().copied());
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = frame(&root, title, labels, ymax)?;
        chart
            .draw_series(
                values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Rectangle::new([(i as f64 - 0.35, 0.0), (i as f64 + 0.35, *v)], BLUE.filled())),
            )
            .map_err(failed)?;
        let total: f64 = values.iter().sum();
        if pareto && total > 0.0 {
            let mut running = 0.0;
            let cumulative: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    running += v;
                    (i as f64, running / total * ymax)
                })
                .collect();
            chart.draw_series(LineSeries::new(cumulative.clone(), ORANGE.stroke_width(2))).map_err(failed)?;
            chart.draw_series(cumulative.into_iter().map(|p| Circle::new(p, 3, ORANGE.filled()))).map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_inline_svg_with_their_labels() {
        let labels = vec!["2026-10".to_string(), "2026-11".to_string()];
        let svg = lines("trend", &labels, &[("repairs".into(), vec![None, Some(3.0)])]).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("2026-11") && svg.contains("trend"));
        let svg = bars("causes", &labels, &[3.0, 1.0], true).unwrap();
        assert!(svg.contains("<rect") && svg.contains("causes"));
    }
}
