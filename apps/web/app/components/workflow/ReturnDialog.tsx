/**
 * 退回: why (required; the editors see it on the table) and to which earlier stage (the ones
 * the current stage may return to; the first, 单位填报, by default). Loaded on first use.
 */
import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import type { WorkflowView } from '../../lib/workflow/use-workflow';

/** core's LIMITS.workflowReason */
const REASON_MAX = 1000;

export interface ReturnDialogProps {
  open: boolean;
  view: WorkflowView;
  busy: boolean;
  onCancel(): void;
  onSubmit(input: { reason: string; toStage: string }): void;
}

interface Values {
  reason: string;
  toStage: string;
}

export default function ReturnDialog({ open, view, busy, onCancel, onSubmit }: ReturnDialogProps) {
  const [form] = Form.useForm<Values>();
  const targets = view.returnTargets.length ? view.returnTargets : view.workflow.stages.slice(0, 1);
  const first = targets[0]?.id ?? '';

  useEffect(() => {
    if (open) form.setFieldsValue({ toStage: first });
  }, [open, first, form]);

  return (
    <Modal
      open={open}
      title="退回"
      okText="确认退回"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'return-confirm' } }}
      onCancel={onCancel}
      onOk={() => {
        form.validateFields().then(
          (v) => onSubmit({ reason: v.reason.trim(), toStage: v.toStage }),
          () => {},
        );
      }}
      destroyOnHidden
      wrapClassName="return-dialog"
    >
      <p style={{ color: 'rgba(0,0,0,0.65)', marginTop: 0 }}>
        当前环节：{view.stage?.name ?? ''}。退回后，退回原因会显示在表格上方，填报人修改后可重新提交。
      </p>
      <Form form={form} layout="vertical" requiredMark initialValues={{ toStage: first, reason: '' }}>
        <Form.Item label="退回至" name="toStage" rules={[{ required: true, message: '请选择退回的环节' }]}>
          <Select options={targets.map((s) => ({ value: s.id, label: s.name }))} data-testid="return-target" />
        </Form.Item>
        <Form.Item
          label="退回原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写退回原因' },
            { max: REASON_MAX, message: `退回原因不能超过 ${REASON_MAX} 字` },
          ]}
        >
          <Input.TextArea rows={4} maxLength={REASON_MAX} showCount placeholder="请写明需要修改的内容，例如：成本指标合计与资金总额不一致" data-testid="return-reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
