import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section className="card narrow" aria-labelledby="missing-title">
      <h1 id="missing-title">Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
