//! Browser entry point: mounts the app.

fn main() {
    yew::Renderer::<iam_playground_web::app::App>::new().render();
}
