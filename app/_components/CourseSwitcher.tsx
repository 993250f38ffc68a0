"use client";

import { useRouter } from "next/navigation";

export interface CourseOption {
  href: string;
  label: string;
  courseId: string;
}

export function CourseSwitcher({ options, currentCourseId, label }: { options: CourseOption[]; currentCourseId: string; label: string }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        value={currentCourseId}
        onChange={(event) => {
          const target = options.find((o) => o.courseId === event.target.value);
          if (target) router.push(target.href);
        }}
        className="max-w-[14rem] truncate rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-slate-800"
      >
        {options.map((o) => (
          <option key={o.courseId} value={o.courseId}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
