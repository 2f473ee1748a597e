//! The line under the editor that explains what the caret is on, and the
//! `use_hover_help` hook that keeps it current.

use super::completions::caret;
use crate::hooks::AppContext;
use iam_core::authoring::hover;
use std::rc::Rc;
use yew::prelude::*;

pub const DEFAULT_HELP: &str = "Ctrl+Space completes actions, ARNs, operators and keys; this line explains what the caret is on. Tab indents: press Escape, then Tab, to move on.";
pub const LEAVE_HINT: &str = "Tab now moves to the next control; any other key keeps editing.";

#[derive(Clone)]
pub struct Help {
    /// The text shown (None: the default help).
    pub text: UseStateHandle<Option<String>>,
    /// Explains the token at the caret of this text.
    pub update: Rc<dyn Fn(&str)>,
}

#[hook]
pub fn use_hover_help(app: &AppContext, textarea: &NodeRef) -> Help {
    let text = use_state(|| None::<String>);
    let update: Rc<dyn Fn(&str)> = {
        let help = text.clone();
        let catalog = app.catalog.clone();
        let textarea = textarea.clone();
        Rc::new(move |value: &str| {
            let (Some(c), Some(at)) = (catalog.as_ref(), caret(&textarea, value)) else { return };
            help.set(hover(value, at, c.as_ref()).map(|h| h.markdown.replace("**", "").replace('`', "")));
        })
    };
    Help { text, update }
}

#[derive(Properties, PartialEq)]
pub struct HelpLineProps {
    pub text: Option<String>,
}

#[function_component(HelpLine)]
pub fn help_line(props: &HelpLineProps) -> Html {
    html! {
        <p id="policy-help" class="help small" aria-live="polite">
            { props.text.clone().unwrap_or_else(|| DEFAULT_HELP.into()) }
        </p>
    }
}
