//! `iamplay import`: AWS exports → a scenario file. `--iam` takes the output of
//! `aws iam get-account-authorization-details` (once per account); `--org` a
//! folder of AWS Organizations listings (see `scripts/export-org.sh`).

use crate::exit::Exit;
use crate::io::read_input;
use iam_catalog::ManagedPolicies;
use iam_core::LineIndex;
use iam_wire::import::{AuthorizationDetails, OrgExport, import_account, import_org, merge_aws_managed, parse_export};
use iam_wire::scenario::{ScenarioDoc, VERSION, resolve};
use std::collections::BTreeMap;

#[derive(clap::Args)]
pub struct Args {
    /// A folder with the Organizations exports (`describe-organization.json`, ...).
    #[arg(long, value_name = "DIR")]
    org: Option<String>,
    /// `get-account-authorization-details` output; repeat for several accounts.
    #[arg(long, value_name = "FILE")]
    iam: Vec<String>,
    /// The scenario's name.
    #[arg(long, default_value = "Imported from AWS")]
    name: String,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    if args.org.is_none() && args.iam.is_empty() {
        eprintln!("error: give --org DIR and/or --iam FILE");
        return Exit::BadInput;
    }
    let managed = match ManagedPolicies::bundled() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: bundled managed policies are unreadable: {e}");
            return Exit::Io;
        }
    };
    let lookup = |arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    let mut doc = ScenarioDoc { version: VERSION, name: args.name.clone(), ..Default::default() };
    if let Some(dir) = &args.org {
        let mut files = BTreeMap::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: cannot read `{dir}`: {e}");
                return Exit::Io;
            }
        };
        // Every `*.json` file is read; one that cannot be (permissions, a
        // directory) is an error, not an export silently left out.
        for entry in entries {
            let path = match entry {
                Ok(e) => e.path(),
                Err(e) => {
                    eprintln!("error: cannot read `{dir}`: {e}");
                    return Exit::Io;
                }
            };
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            // The importer looks for ASCII names only; no other name can be an export.
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            match std::fs::read(&path) {
                Ok(bytes) => match crate::io::decode(&path.display().to_string(), bytes) {
                    Ok(text) => {
                        files.insert(name.to_string(), text);
                    }
                    Err(code) => return code,
                },
                Err(e) => {
                    eprintln!("error: cannot read `{}`: {e}", path.display());
                    return Exit::Io;
                }
            }
        }
        match import_org(&OrgExport { files }) {
            Ok((org, accounts)) => {
                doc.organization = Some(org);
                doc.accounts = accounts;
            }
            Err(e) => {
                eprintln!("error: invalid Organizations export in `{dir}`: {e}");
                return Exit::BadInput;
            }
        }
    }
    for file in &args.iam {
        let text = match read_input(file) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let details: AuthorizationDetails = match parse_export(file, &text) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::BadInput;
            }
        };
        let (mut account, aws_managed) = match import_account(&details, None, &lookup) {
            Ok(a) => (a.account, a.aws_managed_policies),
            Err(e) => {
                eprintln!("error: `{file}`: {e}");
                return Exit::BadInput;
            }
        };
        merge_aws_managed(&mut doc.aws_managed_policies, aws_managed);
        // An account the organization already lists keeps its name and attachments.
        match doc.accounts.iter_mut().find(|a| a.id == account.id) {
            Some(existing) => {
                account.name = existing.name.clone();
                account.scps = existing.scps.take();
                account.rcps = std::mem::take(&mut existing.rcps);
                *existing = account;
            }
            None => doc.accounts.push(account),
        }
    }
    // Nothing is written that the scenario commands would refuse to load.
    if !loads(&doc, &lookup) {
        return Exit::BadInput;
    }
    let text = match serde_json::to_string_pretty(&doc) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Io;
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text + "\n") {
                eprintln!("error: cannot write `{path}`: {e}");
                return Exit::Io;
            }
        }
        None => crate::outln!("{text}"),
    }
    Exit::Ok
}

/// Whether the imported scenario loads as every scenario command loads it
/// (references resolve, no policy has an ERROR); prints why not.
fn loads(doc: &ScenarioDoc, lookup: &dyn Fn(&str) -> Option<(String, String)>) -> bool {
    let loaded = match resolve(doc, lookup) {
        Ok(l) => l,
        Err(errors) => {
            eprintln!("error: the imported scenario would not load:");
            for e in errors {
                eprintln!("  {e}");
            }
            return false;
        }
    };
    let mut ok = true;
    for p in &loaded.model.policies {
        let idx = LineIndex::new(&p.source);
        for d in p.diagnostics.iter().filter(|d| d.is_error()) {
            if ok {
                eprintln!("error: the imported scenario would not load:");
            }
            eprintln!("  policy `{}`: {}", p.label, d.render(&idx));
            ok = false;
        }
    }
    ok
}
