import type { Db } from '../../db/database.js';
import { systemClock } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { createConversation, markRead, postMessage } from '../messages/messages.service.js';
import { createSurvey, respond } from '../surveys/surveys.service.js';

// Demo content of issue 12 (messages, surveys): a group conversation of the IT unit with a few
// messages, and an open anonymous survey of the office that some have already answered.

export async function seedCollaboration(db: Db, files: FileStore, people: Map<string, CurrentUser>): Promise<void> {
  const ctx = (username: string): ActionContext => ({ user: people.get(username)!, ip: '127.0.0.1', userAgent: 'demo-seed' });
  const id = (username: string) => people.get(username)!.id;
  const deps = { db, files, clock: systemClock };

  const { conversation } = await createConversation(deps, ctx('tp.cntt'), {
    kind: 'group', name: 'Phòng CNTT — chuyển đổi số', memberIds: ['pp.cntt', 'cv.cntt', 'cv.cntt2', 'phogiamdoc'].map(id),
  });
  const lines: [string, string][] = [
    ['tp.cntt', 'Chào cả phòng, tuần này mình cần hoàn thành kế hoạch triển khai chữ ký số cho các phòng.'],
    ['pp.cntt', 'Em đã tổng hợp danh sách cán bộ cần cấp chứng thư số, chiều nay gửi anh.'],
    ['cv.cntt', 'Máy chủ dự phòng đã cài xong, sáng mai em kiểm tra sao lưu.'],
    ['phogiamdoc', 'Các đồng chí lưu ý báo cáo tiến độ trước 16 giờ thứ Sáu để tôi tổng hợp báo cáo Giám đốc.'],
    ['cv.cntt2', 'Dạ, em sẽ gửi báo cáo tiến độ trong sáng thứ Sáu ạ.'],
  ];
  let last = 0;
  for (const [username, text] of lines) last = (await postMessage(deps, ctx(username), conversation.id, { text, link: null })).seq;
  for (const username of ['tp.cntt', 'pp.cntt']) await markRead(deps, ctx(username), conversation.id, last);
  await createConversation(deps, ctx('cv.cntt'), { kind: 'direct', userId: id('cv.cntt2') })
    .then(({ conversation: direct }) => postMessage(deps, ctx('cv.cntt'), direct.id, { text: 'Ngọc ơi, chiều nay 14 giờ họp giao ban phòng nhé.', link: null }));

  const closesAt = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString();
  const survey = await createSurvey(deps, ctx('chanhvanphong'), {
    title: 'Khảo sát mức độ hài lòng với hệ thống văn phòng điện tử',
    description: 'Văn phòng Sở lấy ý kiến cán bộ để cải tiến hệ thống. Khảo sát ẩn danh.',
    anonymous: true, closesAt,
    questions: [
      { kind: 'scale', text: 'Mức độ hài lòng chung với hệ thống', required: true, options: [] },
      { kind: 'single', text: 'Anh/chị dùng hệ thống chủ yếu trên thiết bị nào?', required: true, options: ['Máy tính để bàn', 'Máy tính xách tay', 'Điện thoại'] },
      { kind: 'multiple', text: 'Chức năng nào anh/chị dùng nhiều nhất?', required: false, options: ['Văn bản đến', 'Văn bản đi', 'Tin nhắn', 'Hồ sơ công việc'] },
      { kind: 'text', text: 'Góp ý để cải tiến hệ thống', required: false, options: [] },
    ],
    userIds: [], unitIds: [...new Set([...people.values()].filter((p) => p.agencyId === people.get('chanhvanphong')!.agencyId && p.unitId).map((p) => p.unitId!))],
  });
  const answers: [string, Record<string, number | number[] | string>][] = [
    ['cv.cntt', { q1: 4, q2: 1, q3: [0, 2], q4: 'Cần thêm thông báo trên điện thoại.' }],
    ['cv.khtc', { q1: 5, q2: 0, q3: [0, 1] }],
    ['tp.bcvt', { q1: 3, q2: 2, q3: [2], q4: 'Tìm kiếm văn bản cũ còn chậm.' }],
    ['vanthu', { q1: 4, q2: 0, q3: [0, 1, 3] }],
  ];
  for (const [username, a] of answers) await respond(deps, ctx(username), survey.id, { answers: a });
}
