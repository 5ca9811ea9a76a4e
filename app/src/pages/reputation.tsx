export function ReputationPage() {
  return <div class="page"><p>Coming next.</p></div>;
}
