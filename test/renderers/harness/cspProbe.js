// Loaded by the harness page as a module, like a renderer: tells whether this page lets module
// code compile strings (`new Function`), i.e. whether its Content-Security-Policy allows eval.
export function evalOutcome() {
  try {
    return String(new Function('return "eval allowed"')());
  } catch (error) {
    return error.name;
  }
}
