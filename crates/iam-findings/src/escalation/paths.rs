//! Every minimal path through the escalation graph: a path is minimal when
//! no part of it can be done in fewer steps, which is when every step brings
//! it one step closer to the goal. Found by distances to the goal (computed
//! backwards, bounded by [`super::MAX_DEPTH`]), then followed forwards.

use super::graph::{Graph, To};
use super::{Goal, MAX_DEPTH, MAX_PATHS, Path, Step};

/// The paths from each start (starts already at the goal have none), and
/// whether the [`MAX_PATHS`] cap cut the list.
pub(crate) fn minimal_paths(g: &Graph, starts: &[usize], goal: &Goal) -> (Vec<Path>, bool) {
    let dist = distances(g);
    let mut out = Vec::new();
    let mut truncated = false;
    for &s in starts {
        if g.at_goal.get(s).copied().unwrap_or(true) {
            continue;
        }
        let Some(d) = dist.get(s).copied().flatten() else { continue };
        let mut trail = Vec::new();
        follow(g, &dist, goal, s, s, d, &mut trail, &mut out, &mut truncated);
    }
    (out, truncated)
}

/// Fewest steps from each node to the goal (None: not within [`MAX_DEPTH`]).
fn distances(g: &Graph) -> Vec<Option<usize>> {
    let mut dist: Vec<Option<usize>> = g.at_goal.iter().map(|&a| a.then_some(0)).collect();
    // Steps are at least one each, so MAX_DEPTH rounds of relaxation settle every distance within it.
    for _ in 0..=MAX_DEPTH {
        let mut changed = false;
        for (n, edges) in g.edges.iter().enumerate() {
            for e in edges {
                let rest = match e.to {
                    To::Goal => Some(0),
                    To::Node(m) => dist.get(m).copied().flatten(),
                };
                let Some(total) = rest.map(|r| r + e.steps.len()).filter(|t| *t <= MAX_DEPTH) else { continue };
                if let Some(slot) = dist.get_mut(n)
                    && slot.is_none_or(|d| total < d)
                {
                    *slot = Some(total);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    dist
}

#[allow(clippy::too_many_arguments)]
fn follow(
    g: &Graph,
    dist: &[Option<usize>],
    goal: &Goal,
    start: usize,
    n: usize,
    left: usize,
    trail: &mut Vec<Step>,
    out: &mut Vec<Path>,
    truncated: &mut bool,
) {
    if *truncated {
        return;
    }
    let from = || g.labels.get(start).cloned().unwrap_or_default();
    if left == 0 {
        let to = match goal {
            Goal::Admin => "admin".to_string(),
            Goal::Action { .. } => g.labels.get(n).cloned().unwrap_or_default(),
        };
        push(out, truncated, Path { from: from(), to, steps: trail.clone() });
        return;
    }
    for e in g.edges.get(n).map_or(&[][..], Vec::as_slice) {
        let w = e.steps.len();
        match e.to {
            To::Goal if w == left => {
                let mut steps = trail.clone();
                steps.extend(e.steps.iter().cloned());
                let to = match goal {
                    Goal::Admin => "admin".to_string(),
                    Goal::Action { .. } => e
                        .steps
                        .last()
                        .map(|s| if s.gains == goal.label() { s.principal.clone() } else { s.gains.clone() })
                        .unwrap_or_default(),
                };
                push(out, truncated, Path { from: from(), to, steps });
            }
            To::Node(m) if w <= left && dist.get(m).copied().flatten() == Some(left - w) => {
                let before = trail.len();
                trail.extend(e.steps.iter().cloned());
                follow(g, dist, goal, start, m, left - w, trail, out, truncated);
                trail.truncate(before);
            }
            _ => {}
        }
        if *truncated {
            return;
        }
    }
}

fn push(out: &mut Vec<Path>, truncated: &mut bool, path: Path) {
    if out.len() >= MAX_PATHS {
        *truncated = true;
    } else {
        out.push(path);
    }
}
