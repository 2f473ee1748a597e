//! The app's sections and where they live in the address bar: `#/iam`,
//! `#/iam/matrix`, `#/reports`, `#/help`, … Share links (`#v1/…`) are not
//! routes; they are opened at startup and then replaced by a route.

use super::View;

/// A top-level section of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    /// Organization, accounts, the policy editor, the request and its decision.
    #[default]
    Iam,
    Reports,
    Findings,
    Kms,
    Waf,
    Threats,
    Shared,
    Help,
}

impl Section {
    /// The sections in the navigation, in order (Help has its own button).
    pub const NAV: [Section; 7] = [
        Section::Iam,
        Section::Reports,
        Section::Findings,
        Section::Kms,
        Section::Waf,
        Section::Threats,
        Section::Shared,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Section::Iam => "iam",
            Section::Reports => "reports",
            Section::Findings => "findings",
            Section::Kms => "kms",
            Section::Waf => "waf",
            Section::Threats => "threats",
            Section::Shared => "shared-responsibility",
            Section::Help => "help",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Iam => "IAM",
            Section::Reports => "Reports",
            Section::Findings => "Findings",
            Section::Kms => "KMS",
            Section::Waf => "WAF",
            Section::Threats => "Threats",
            Section::Shared => "Shared responsibility",
            Section::Help => "Help",
        }
    }

    fn from_slug(s: &str) -> Option<Section> {
        Section::NAV.into_iter().chain([Section::Help]).find(|x| x.slug() == s)
    }
}

impl View {
    pub fn slug(self) -> &'static str {
        match self {
            View::Decision => "",
            View::WhoCan => "who-can",
            View::WhatCan => "what-can",
            View::Matrix => "matrix",
            View::Workshop => "exercises",
        }
    }

    /// Results that need the page's width (the workspace steps aside for them).
    pub fn is_wide(self) -> bool {
        matches!(self, View::WhoCan | View::WhatCan | View::Matrix)
    }

    fn from_slug(s: &str) -> Option<View> {
        [View::Decision, View::WhoCan, View::WhatCan, View::Matrix, View::Workshop].into_iter().find(|v| v.slug() == s)
    }
}

/// Where the app is: a section and, in IAM, the results view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Route {
    pub section: Section,
    pub view: View,
}

impl Route {
    /// `location.hash` → a route; `None` for anything else (a share link, an empty hash, an unknown path).
    pub fn parse(hash: &str) -> Option<Route> {
        let path = hash.strip_prefix('#').unwrap_or(hash).strip_prefix('/')?;
        let mut parts = path.trim_end_matches('/').splitn(2, '/');
        let section = Section::from_slug(parts.next().unwrap_or_default())?;
        let view = match (section, parts.next()) {
            (_, None) => View::Decision,
            (Section::Iam, Some(v)) => View::from_slug(v)?,
            (_, Some(_)) => return None,
        };
        Some(Route { section, view })
    }

    /// The hash for this route, `#/iam/matrix`.
    pub fn to_hash(self) -> String {
        match (self.section, self.view.slug()) {
            (Section::Iam, v) if !v.is_empty() => format!("#/iam/{v}"),
            (s, _) => format!("#/{}", s.slug()),
        }
    }

    /// Is `hash` a route (not a share link)?
    pub fn is_route(hash: &str) -> bool {
        hash.strip_prefix('#').unwrap_or(hash).starts_with('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_round_trips_through_the_hash() {
        for section in Section::NAV.into_iter().chain([Section::Help]) {
            let r = Route { section, view: View::Decision };
            assert_eq!(Route::parse(&r.to_hash()), Some(r));
        }
        for view in [View::Decision, View::WhoCan, View::WhatCan, View::Matrix, View::Workshop] {
            let r = Route { section: Section::Iam, view };
            assert_eq!(Route::parse(&r.to_hash()), Some(r), "{}", r.to_hash());
        }
        assert_eq!(Route { section: Section::Iam, view: View::Decision }.to_hash(), "#/iam");
        assert_eq!(Route { section: Section::Iam, view: View::Matrix }.to_hash(), "#/iam/matrix");
    }

    #[test]
    fn share_links_and_strangers_are_not_routes() {
        assert_eq!(Route::parse("#v1/abc"), None);
        assert!(!Route::is_route("#v1/abc"));
        assert!(Route::is_route("#/iam"));
        assert_eq!(Route::parse(""), None);
        assert_eq!(Route::parse("#/nowhere"), None);
        assert_eq!(Route::parse("#/reports/matrix"), None);
        assert_eq!(Route::parse("#/iam/"), Some(Route::default()));
    }
}
