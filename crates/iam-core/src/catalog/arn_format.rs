//! Does a `Resource` entry fit a documented ARN format?
//!
//! Both sides are patterns: the format has placeholders
//! (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), the policy has `*`,
//! `?` and policy variables (`arn:aws:s3:::logs-*/${aws:username}/*`). They fit
//! when some ARN matches both, decided by walking the two patterns together
//! (states are pairs of positions, so it is O(format × entry), no backtracking).
//!
//! Placeholders in the partition, service, region and account components never
//! contain `:`, and a `${BucketName}` never contains `/`: that is what keeps
//! `arn:aws:s3:::bucket/key` from fitting the `bucket` type.

/// One element of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fmt {
    Char(char),
    /// A placeholder: any run of characters except the excluded ones.
    Hole {
        no_colon: bool,
        no_slash: bool,
    },
}

/// One element of a policy's resource entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pat {
    Char(char),
    /// `?`: exactly one character.
    One,
    /// `*` or a policy variable: anything.
    Any,
    /// A `*` inside the partition, service, region or account component: it
    /// stays in its component (as `ArnLike` matches component by component).
    AnyNoColon,
}

#[derive(Clone, Debug)]
pub struct ArnFormat {
    pub text: Box<str>,
    fmt: Vec<Fmt>,
}

impl ArnFormat {
    pub fn new(text: &str) -> Self {
        let mut fmt = Vec::with_capacity(text.len());
        let mut colons = 0;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if let Some(body) = rest.strip_prefix("${")
                && let Some(end) = body.find('}')
            {
                let name = body.get(..end).unwrap_or("");
                // Partitions, regions and account IDs never contain `/` either.
                fmt.push(Fmt::Hole { no_colon: colons < 5, no_slash: colons < 5 || name == "BucketName" });
                rest = body.get(end + 1..).unwrap_or("");
                continue;
            }
            if c == ':' {
                colons += 1;
            }
            fmt.push(Fmt::Char(c));
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
        Self { text: text.into(), fmt }
    }

    /// The format with `${Partition}` filled in: a template for completions.
    pub fn template(&self, partition: &str) -> String {
        self.text.replace("${Partition}", partition)
    }

    /// Could an ARN matched by the policy entry `resource` have this format?
    pub fn fits(&self, resource: &str) -> bool {
        let pat = policy_pattern(resource);
        intersects(&self.fmt, &pat)
    }
}

fn policy_pattern(resource: &str) -> Vec<Pat> {
    let mut out = Vec::with_capacity(resource.len());
    let mut rest = resource;
    let mut colons = 0;
    while let Some(c) = rest.chars().next() {
        if let Some(body) = rest.strip_prefix("${")
            && let Some(end) = body.find('}')
        {
            match body.get(..end) {
                Some("*") => out.push(Pat::Char('*')),
                Some("?") => out.push(Pat::Char('?')),
                Some("$") => out.push(Pat::Char('$')),
                _ => out.push(Pat::Any),
            }
            rest = body.get(end + 1..).unwrap_or("");
            continue;
        }
        let last = rest.len() == c.len_utf8();
        out.push(match c {
            // A trailing `*` may stand for several components (`arn:aws:s3:*`).
            '*' if colons < 5 && !last => Pat::AnyNoColon,
            '*' => Pat::Any,
            '?' => Pat::One,
            other => Pat::Char(other),
        });
        colons += usize::from(c == ':');
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    out
}

fn hole_allows(no_colon: bool, no_slash: bool, c: char) -> bool {
    !(no_colon && c == ':' || no_slash && c == '/')
}

/// Is there a string both patterns match? Reachability over position pairs.
fn intersects(fmt: &[Fmt], pat: &[Pat]) -> bool {
    let width = pat.len() + 1;
    let mut seen = vec![false; (fmt.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else { continue };
        if *slot {
            continue;
        }
        *slot = true;
        if i == fmt.len() && j == pat.len() {
            return true;
        }
        let mut push = |a: usize, b: usize| {
            if a <= fmt.len() && b <= pat.len() {
                stack.push((a, b));
            }
        };
        match (fmt.get(i), pat.get(j)) {
            (Some(Fmt::Hole { no_colon, no_slash }), p) => {
                push(i + 1, j);
                match p {
                    Some(Pat::Char(c)) if hole_allows(*no_colon, *no_slash, *c) => push(i, j + 1),
                    Some(Pat::One | Pat::Any | Pat::AnyNoColon) => push(i, j + 1),
                    _ => {}
                }
            }
            (f, Some(Pat::Any)) => {
                push(i, j + 1);
                if f.is_some() {
                    push(i + 1, j);
                }
            }
            (f, Some(Pat::AnyNoColon)) => {
                push(i, j + 1);
                if matches!(f, Some(Fmt::Char(c)) if *c != ':') {
                    push(i + 1, j);
                }
            }
            (Some(Fmt::Char(a)), Some(Pat::Char(b))) if a == b => push(i + 1, j + 1),
            (Some(Fmt::Char(_)), Some(Pat::One)) => push(i + 1, j + 1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::ArnFormat;

    #[test]
    fn buckets_and_objects_are_told_apart() {
        let bucket = ArnFormat::new("arn:${Partition}:s3:::${BucketName}");
        let object = ArnFormat::new("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(bucket.fits("arn:aws:s3:::receipts"));
        assert!(!bucket.fits("arn:aws:s3:::receipts/*"));
        assert!(object.fits("arn:aws:s3:::receipts/*"));
        assert!(!object.fits("arn:aws:s3:::receipts"));
        // `*` may stand for `b/k`, so it fits both.
        assert!(bucket.fits("arn:aws:s3:::*") && object.fits("arn:aws:s3:::*"));
        assert!(object.fits("arn:aws:s3:::home/${aws:username}/*"));
        assert!(bucket.fits("*"));
    }

    #[test]
    fn components_do_not_leak() {
        let role = ArnFormat::new("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
        assert!(role.fits("arn:aws:iam::123456789012:role/admin"));
        assert!(role.fits("arn:aws:iam::*:role/service-role/*"));
        assert!(!role.fits("arn:aws:iam::123456789012:user/admin"));
        assert!(!role.fits("arn:aws:s3:::bucket"));
        let group = ArnFormat::new("arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}");
        assert!(group.fits("arn:aws:logs:*:*:log-group:/aws/lambda/*:*"));
        assert!(group.fits("arn:aws:logs:us-east-1:123456789012:log-group:app"));
        assert!(!group.fits("arn:aws:logs:us-east-1:123456789012:destination:app"));
        let instance = ArnFormat::new("arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}");
        assert!(instance.fits("arn:aws:ec2:us-east-1:1:instance/i-?bc"));
        // A `*` in the region stays in the region: it cannot reach into the resource.
        let image = ArnFormat::new("arn:${Partition}:ec2:${Region}::image/${ImageId}");
        assert!(!image.fits("arn:aws:ec2:*:*:instance/*"));
        assert!(image.fits("arn:aws:ec2:*::image/*") && image.fits("arn:aws:ec2:*:*:image/*"));
        // ...unless it ends the entry.
        assert!(image.fits("arn:aws:ec2:*") && instance.fits("arn:*"));
        // A region or account with a `/` is no region or account (ARN-FORMAT):
        // `arn:aws:s3:receipts/*` fits no S3 format, not even an access point's.
        let ap_object = ArnFormat::new(
            "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}",
        );
        let object = ArnFormat::new("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(!ap_object.fits("arn:aws:s3:receipts/*") && !object.fits("arn:aws:s3:receipts/*"));
        assert!(ap_object.fits("arn:aws:s3:us-east-1:*") && object.fits("arn:aws:s3:*"));
    }

    #[test]
    fn templates_fill_the_partition() {
        let f = ArnFormat::new("arn:${Partition}:s3:::${BucketName}");
        assert_eq!(f.template("aws"), "arn:aws:s3:::${BucketName}");
    }
}
