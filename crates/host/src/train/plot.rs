//! Line plots of training curves as PNG: stacked panels, each with a frame,
//! y tick labels, x (step) tick labels, a title and a legend. Text uses a
//! built-in 5x7 bitmap font (upper-case letters, digits, a few signs), so no
//! font files or system libraries are needed; the PNG encoding is the `png`
//! crate's.

/// One curve.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub color: [u8; 3],
    pub points: Vec<(f64, f64)>,
}

/// One panel: a title and curves sharing its axes.
#[derive(Clone, Debug)]
pub struct Panel {
    pub title: String,
    pub series: Vec<Series>,
    /// Plot `log10(y)` (for losses spanning decades); non-positive values are skipped.
    pub log_y: bool,
}

pub const BLUE: [u8; 3] = [31, 90, 200];
pub const RED: [u8; 3] = [210, 50, 40];
pub const GREEN: [u8; 3] = [30, 150, 60];
pub const ORANGE: [u8; 3] = [230, 140, 20];

const W: usize = 960;
const PANEL_H: usize = 250;
const LEFT: usize = 90;
const RIGHT: usize = 20;
const TOP: usize = 34;
const BOTTOM: usize = 34;
const SCALE: usize = 2;

struct Canvas {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Canvas {
    fn set(&mut self, x: i64, y: i64, c: [u8; 3]) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            let i = (y as usize * self.w + x as usize) * 3;
            self.px[i..i + 3].copy_from_slice(&c);
        }
    }
    fn line(&mut self, (x0, y0): (i64, i64), (x1, y1): (i64, i64), c: [u8; 3]) {
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.set(x, y, c);
            self.set(x, y + 1, c); // 2 px thick
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }
    fn rect(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, c: [u8; 3]) {
        for y in y0..=y1 {
            for x in x0..=x1 {
                self.set(x, y, c);
            }
        }
    }
    fn text(&mut self, x: i64, y: i64, s: &str, c: [u8; 3]) {
        for (i, ch) in s.chars().enumerate() {
            let g = glyph(ch.to_ascii_uppercase());
            for (row, bits) in g.iter().enumerate() {
                for col in 0..5 {
                    if bits >> (4 - col) & 1 == 1 {
                        let (px, py) = (x + ((i * 6 + col) * SCALE) as i64, y + (row * SCALE) as i64);
                        self.rect(px, py, px + SCALE as i64 - 1, py + SCALE as i64 - 1, c);
                    }
                }
            }
        }
    }
}

/// Width in pixels of `s` in the built-in font.
fn text_width(s: &str) -> usize {
    s.chars().count() * 6 * SCALE
}

fn glyph(c: char) -> [u8; 7] {
    match c {
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        'A' => [0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '.' => [0, 0, 0, 0, 0, 0x0C, 0x0C],
        '-' => [0, 0, 0, 0x1F, 0, 0, 0],
        '+' => [0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0],
        ':' => [0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0],
        '(' => [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
        ')' => [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
        '/' => [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
        '=' => [0, 0, 0x1F, 0, 0x1F, 0, 0],
        ',' => [0, 0, 0, 0, 0x0C, 0x04, 0x08],
        '_' => [0, 0, 0, 0, 0, 0, 0x1F],
        '%' => [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
        ' ' => [0; 7],
        _ => [0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F], // unknown: a box
    }
}

/// A short label for a tick value.
fn label(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Renders the panels (stacked vertically) to PNG bytes.
pub fn render(panels: &[Panel], x_label: &str) -> Result<Vec<u8>, png::EncodingError> {
    let h = PANEL_H * panels.len().max(1) + 24;
    let mut cv = Canvas { w: W, h, px: vec![255; W * h * 3] };
    let black = [0, 0, 0];
    let grey = [215, 215, 215];
    for (pi, panel) in panels.iter().enumerate() {
        let y0 = (pi * PANEL_H) as i64;
        let (px0, px1) = (LEFT as i64, (W - RIGHT) as i64);
        let (py0, py1) = (y0 + TOP as i64, y0 + (PANEL_H - BOTTOM) as i64);
        let tr = |y: f64| if panel.log_y { y.log10() } else { y };
        let pts = || {
            panel.series.iter().flat_map(|s| s.points.iter()).filter(|p| p.1.is_finite() && (!panel.log_y || p.1 > 0.0))
        };
        let (mut xmin, mut xmax, mut ymin, mut ymax) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in pts() {
            xmin = xmin.min(x);
            xmax = xmax.max(x);
            ymin = ymin.min(tr(y));
            ymax = ymax.max(tr(y));
        }
        if xmin > xmax {
            (xmin, xmax, ymin, ymax) = (0.0, 1.0, 0.0, 1.0);
        }
        if xmax - xmin < 1e-12 {
            xmax = xmin + 1.0;
        }
        if ymax - ymin < 1e-12 {
            ymin -= 0.5;
            ymax += 0.5;
        }
        let pad = 0.05 * (ymax - ymin);
        let (ymin, ymax) = (ymin - pad, ymax + pad);
        let sx = |x: f64| px0 + ((x - xmin) / (xmax - xmin) * (px1 - px0) as f64).round() as i64;
        let sy = |y: f64| py1 - ((y - ymin) / (ymax - ymin) * (py1 - py0) as f64).round() as i64;
        // Grid and tick labels.
        for i in 0..=4 {
            let yv = ymin + (ymax - ymin) * i as f64 / 4.0;
            let y = sy(yv);
            cv.line((px0, y), (px1, y), grey);
            let l = label(if panel.log_y { 10f64.powf(yv) } else { yv });
            cv.text(px0 - 8 - text_width(&l) as i64, y - 7, &l, black);
            let xv = xmin + (xmax - xmin) * i as f64 / 4.0;
            let x = sx(xv);
            cv.line((x, py0), (x, py1), grey);
            let l = format!("{:.0}", xv.round());
            cv.text(x - text_width(&l) as i64 / 2, py1 + 8, &l, black);
        }
        // Frame.
        cv.line((px0, py0), (px1, py0), black);
        cv.line((px0, py1), (px1, py1), black);
        cv.line((px0, py0), (px0, py1), black);
        cv.line((px1, py0), (px1, py1), black);
        let title = if panel.log_y { format!("{} (LOG SCALE)", panel.title) } else { panel.title.clone() };
        cv.text(px0, y0 + 10, &title, black);
        // Curves.
        for s in &panel.series {
            let mut prev: Option<(i64, i64)> = None;
            for &(x, y) in &s.points {
                if !y.is_finite() || (panel.log_y && y <= 0.0) {
                    prev = None;
                    continue;
                }
                let p = (sx(x), sy(tr(y)));
                match prev {
                    Some(q) => cv.line(q, p, s.color),
                    None => cv.set(p.0, p.1, s.color),
                }
                prev = Some(p);
            }
        }
        // Legend, top right.
        let mut lx = px1 - 10;
        for s in panel.series.iter().rev() {
            lx -= text_width(&s.name) as i64 + 26;
            cv.rect(lx, y0 + 12, lx + 14, y0 + 22, s.color);
            cv.text(lx + 20, y0 + 10, &s.name, black);
        }
    }
    let last = (panels.len().max(1) * PANEL_H) as i64;
    cv.text((W / 2) as i64 - text_width(x_label) as i64 / 2, last - 14, x_label, [60, 60, 60]);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, W as u32, h as u32);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header()?;
        wr.write_image_data(&cv.px)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_decodable_png_with_the_curves() {
        let pts: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, 1.0 / (1.0 + i as f64))).collect();
        let panels = vec![
            Panel {
                title: "LOSS".into(),
                series: vec![Series { name: "loss".into(), color: RED, points: pts.clone() }],
                log_y: true,
            },
            Panel {
                title: "ACCURACY".into(),
                series: vec![Series {
                    name: "acc".into(),
                    color: BLUE,
                    points: pts.iter().map(|&(x, y)| (x, 1.0 - y)).collect(),
                }],
                log_y: false,
            },
        ];
        let bytes = render(&panels, "STEP").unwrap();
        let dec = png::Decoder::new(&bytes[..]);
        let mut reader = dec.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (W as u32, 2 * PANEL_H as u32 + 24));
        let count = |c: [u8; 3]| buf.chunks(3).filter(|p| *p == c).count();
        assert!(count(RED) > 100 && count(BLUE) > 100, "curves drawn");
        assert!(count([0, 0, 0]) > 1000, "frame and text drawn");
    }

    #[test]
    fn labels() {
        assert_eq!(label(0.0), "0");
        assert_eq!(label(0.25), "0.250");
        assert_eq!(label(1234.0), "1234");
        assert_eq!(label(2e-5), "2.0e-5");
    }
}
